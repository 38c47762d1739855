// What a person sees when a command fails on the bot's side (a full disk, a damaged or busy database): a reply, never a crash.
import type { Reply } from './types.js';

/** Why a command failed, as far as a person needs to know. */
export type FailureKind = 'disk-full' | 'read-only' | 'damaged' | 'busy' | 'other';

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');

/** Sort an error by what it means for the user; storage errors are told apart by their codes (SQLite's, the system's). */
export function failureKind(error: unknown): FailureKind {
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || /disk is full|no space left/i.test(message)) return 'disk-full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || /readonly database|read-only file system/i.test(message)) return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(message)) return 'damaged';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked/i.test(message)) return 'busy';
  return 'other';
}

/** The friendly reply to a command that failed; questions keep working whatever the cause. */
export function failureReply(kind: FailureKind, command: string): Reply {
  const what = command === 'ask' ? 'answer that' : `finish /${command}`;
  const text: Record<FailureKind, string> = {
    'disk-full': `Sorry, I couldn't ${what}: the bot's storage is full, so nothing could be saved. The administrators have been told. Questions still work.`,
    'read-only': `Sorry, I couldn't ${what}: the bot's storage is read-only right now, so nothing could be saved. The administrators have been told. Questions still work.`,
    damaged: `Sorry, I couldn't ${what}: the bot's database has a problem. The administrators have been told. Questions still work.`,
    busy: `Sorry, I couldn't ${what}: the bot's database is busy. Please try again in a moment.`,
    other: `Sorry, something went wrong on my side and I couldn't ${what}. Please try again in a moment.`,
  };
  return { kind: 'notice', tone: 'error', text: text[kind] };
}
