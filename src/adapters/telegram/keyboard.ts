// Inline keyboards from Reply.actions, and the callback data ("c:org:catl", at most 64 bytes) they carry.
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ReplyAction } from '../../../commands/types.js';
import { findCommand } from '../../../commands/index.js';

/** Telegram's limit on callback_data. */
export const CALLBACK_DATA_LIMIT = 64;
const PREFIX = 'c';
const DATA = /^c:([a-z0-9_]{1,32})(?::([\s\S]*))?$/;

/** Callback data for an action, or undefined when it would not fit in 64 bytes. */
export function encodeAction(action: ReplyAction): string | undefined {
  const data = action.args ? `${PREFIX}:${action.command}:${action.args}` : `${PREFIX}:${action.command}`;
  return Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_LIMIT ? data : undefined;
}

/** The action behind callback data, or undefined when it is forged, stale or unknown (never throws). */
export function decodeAction(data: string | undefined): ReplyAction | undefined {
  if (!data || Buffer.byteLength(data, 'utf8') > CALLBACK_DATA_LIMIT) return undefined;
  const match = DATA.exec(data);
  if (!match) return undefined;
  const [, command = '', args] = match;
  const definition = findCommand(command);
  if (!definition || definition.admin) return undefined;
  return { label: definition.name, command: definition.name, ...(args ? { args } : {}) };
}

/** Buttons two to a row; actions whose data would not fit are left out. */
export function buildKeyboard(actions: readonly ReplyAction[] | undefined): InlineKeyboardMarkup | undefined {
  const buttons: InlineKeyboardButton[] = [];
  for (const action of actions ?? []) {
    const data = encodeAction(action);
    if (data) buttons.push({ text: action.label.slice(0, 64), callback_data: data });
  }
  if (buttons.length === 0) return undefined;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { inline_keyboard: rows };
}
