// defineCommand: the one way to declare a command, checked against both platforms' naming rules.
import type { CommandDefinition } from './types.js';

/** Telegram: 1-32 of a-z, 0-9, _; Discord: 1-32 lower-case of the same. Both: description 1-100 (Telegram 3-256). */
export const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
export const OPTION_NAME = /^[a-z0-9_-]{1,32}$/;
export const DESCRIPTION_MIN = 3;
export const DESCRIPTION_MAX = 100;

/**
 * Declare a command once, for every platform.
 *
 * @example
 * export const ping = defineCommand({
 *   name: 'ping',
 *   description: 'Check that the bot is alive',
 *   usage: '/ping',
 *   options: [],
 *   run: () => ({ kind: 'notice', tone: 'info', text: 'pong' }),
 * });
 */
export function defineCommand<const T extends CommandDefinition>(definition: T): T {
  if (!COMMAND_NAME.test(definition.name)) throw new Error(`commands: name "${definition.name}" must match ${COMMAND_NAME}`);
  const { length } = definition.description;
  if (length < DESCRIPTION_MIN || length > DESCRIPTION_MAX) {
    throw new Error(`commands: description of "${definition.name}" must be ${DESCRIPTION_MIN}-${DESCRIPTION_MAX} characters`);
  }
  for (const option of definition.options) {
    if (!OPTION_NAME.test(option.name)) throw new Error(`commands: option "${option.name}" of "${definition.name}" must match ${OPTION_NAME}`);
  }
  return definition;
}
