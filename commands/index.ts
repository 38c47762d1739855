// The command registry: every command, defined once, read by every adapter (menus, deploy, dispatch, help).
import { about } from './about.js';
import { announce, feeds, subscribe, subscriptions, unsubscribe, why } from './alerts/index.js';
import { ask } from './ask.js';
import { feedback } from './feedback.js';
import { createHelpCommands } from './help.js';
import { latest } from './latest.js';
import { org } from './org.js';
import { search } from './search.js';
import { sources } from './sources.js';
import type { CommandDefinition } from './types.js';

const extra: CommandDefinition[] = [];
const { help, start } = createHelpCommands(() => registry);

/** Every command, in the order menus show them. */
export const registry: CommandDefinition[] = [start, help, ask, org, search, latest, sources, subscribe, unsubscribe, subscriptions, why, feedback, about, feeds, announce];

/** Add commands from another module (alerts) before adapters start. Names must be unique. */
export function registerCommands(commands: readonly CommandDefinition[]): void {
  for (const command of commands) {
    if (registry.some((c) => c.name === command.name)) throw new Error(`commands: "${command.name}" is already registered`);
    registry.push(command);
    extra.push(command);
  }
}

export function findCommand(name: string): CommandDefinition | undefined {
  const lower = name.toLowerCase();
  return registry.find((c) => c.name === lower);
}

export { answerInChat, answerActions, remember } from './ask.js';
export { defineCommand } from './define-command.js';
export { dispatchText, runCommand, parseOptions } from './dispatch.js';
export { failureKind, failureReply, type FailureKind } from './failure.js';
export { admit, createFloodGuard, defaultFloodOptions, floodNotice, type FloodGuard, type FloodOptions, type FloodVerdict } from './flood.js';
export type * from './types.js';
