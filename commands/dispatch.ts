// Runs commands from text ("/org CATL") or typed options, with friendly replies for bad input.
import { answerInChat } from './ask.js';
import { failureKind, failureReply } from './failure.js';
import type { CommandContext, CommandDefinition, OptionValues, Reply } from './types.js';
import { findCommand, registry } from './index.js';

/** Parse the text after a command into its options: the last string option takes the rest of the text. */
export function parseOptions(command: CommandDefinition, text: string): { options: OptionValues } | { error: string } {
  const options: OptionValues = {};
  let rest = text.trim();
  const list = command.options;
  for (let i = 0; i < list.length; i++) {
    const option = list[i]!;
    const last = i === list.length - 1;
    let raw: string;
    if (last) {
      raw = rest;
      rest = '';
    } else {
      const match = /^(\S+)\s*([\s\S]*)$/.exec(rest);
      raw = match?.[1] ?? '';
      rest = match?.[2] ?? '';
    }
    if (!raw) {
      if (option.required) return { error: `/${command.name} needs ${option.name}. Usage: ${command.usage}` };
      continue;
    }
    if (option.type === 'integer') {
      const value = Number(raw);
      if (!Number.isInteger(value) || (option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
        return { error: `${option.name} must be a whole number${option.min !== undefined ? ` from ${option.min}` : ''}${option.max !== undefined ? ` to ${option.max}` : ''}. Usage: ${command.usage}` };
      }
      options[option.name] = value;
    } else {
      if (option.maxLength && raw.length > option.maxLength) return { error: `${option.name} is too long (at most ${option.maxLength} characters).` };
      if (option.choices && !option.choices.some((c) => c.value === raw)) {
        return { error: `${option.name} must be one of: ${option.choices.map((c) => c.value).join(', ')}.` };
      }
      options[option.name] = raw;
    }
  }
  return { options };
}

/** Run the work of a command; an error on the bot's side (storage, a bug) becomes a friendly reply, and is reported. */
async function safely(command: string, ctx: CommandContext, work: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await work();
  } catch (error) {
    const kind = failureKind(error);
    try {
      ctx.services.onFailure?.(error, { command, kind, platform: ctx.platform });
    } catch {
      // Reporting must never cost the user the reply.
    }
    return failureReply(kind, command);
  }
}

/** Run a command by name with typed options (Discord, buttons), refusing admin commands to others. Never throws. */
export async function runCommand(name: string, options: OptionValues, ctx: CommandContext): Promise<Reply> {
  const command = findCommand(name);
  if (!command) return unknownCommand(name);
  if (command.admin && !ctx.isAdmin) {
    return { kind: 'notice', tone: 'denied', text: `Sorry, /${command.name} is only for the bot's administrators.` };
  }
  return safely(command.name, ctx, () => command.run(options, ctx));
}

/**
 * A text message: "/cmd args" (also "/cmd@botname args") runs a command, anything else is a question.
 * Returns undefined for an empty message.
 */
export async function dispatchText(text: string, ctx: CommandContext, botUsername?: string): Promise<Reply | undefined> {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const match = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(trimmed);
  if (!match) return safely('ask', ctx, () => answerInChat(trimmed, ctx));
  const [, name = '', target, args = ''] = match;
  if (target && botUsername && target.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  const command = findCommand(name);
  if (!command) return unknownCommand(name);
  const parsed = parseOptions(command, args);
  if ('error' in parsed) return { kind: 'notice', tone: 'error', text: parsed.error };
  return runCommand(command.name, parsed.options, ctx);
}

function unknownCommand(name: string): Reply {
  const names = registry.filter((c) => !c.admin).map((c) => `/${c.name}`);
  return { kind: 'notice', tone: 'error', text: `I don't know the command /${name.slice(0, 32)}. Try ${names.join(', ')}.` };
}
