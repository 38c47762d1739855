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

/** Buttons two to a row, a new row where an action asks for one; actions whose data would not fit are left out. */
export function buildKeyboard(actions: readonly ReplyAction[] | undefined): InlineKeyboardMarkup | undefined {
  const rows: InlineKeyboardButton[][] = [];
  for (const action of actions ?? []) {
    const data = encodeAction(action);
    if (!data) continue;
    const last = rows.at(-1);
    const button = { text: action.label.slice(0, 64), callback_data: data };
    if (!last || last.length >= 2 || action.newRow) rows.push([button]);
    else last.push(button);
  }
  return rows.length ? { inline_keyboard: rows } : undefined;
}
