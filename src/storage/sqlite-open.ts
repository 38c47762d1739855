// Opening the SQLite state under DATA_DIR with checks a person can act on: a usable folder, a sound database file.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../alerts/db.js';

/** DATA_DIR or its database cannot be used; the message names it and says what to do. Start-up stops with it. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
  readonly actionable = true;
}

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '');
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const CORRUPT = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_PERM', 'SQLITE_AUTH']);
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

function unusableDir(dir: string, reason: string): DataDirError {
  return new DataDirError(
    `DATA_DIR: cannot keep the bot's data in "${dir}" (${resolve(dir)}): ${reason}.\n` +
      '  Set DATA_DIR (in .env or the environment) to a folder the bot may create and write, for example ./data (the default).',
  );
}

function damaged(file: string, detail: string): DataDirError {
  return new DataDirError(
    `DATA_DIR: the database ${file} is damaged (${detail}).\n` +
      '  The bot does not start on it, so that nothing more is lost. Stop every process that uses it, then either:\n' +
      `  - restore ${file} from a backup, or\n` +
      `  - move it aside (with its -wal and -shm files: mv ${file} ${file}.damaged) and start again with an empty database;\n` +
      '    subscriptions and alerts not yet sent are then lost, but `sqlite3 <file>.damaged .recover | sqlite3 <file>` saves what is readable.',
  );
}

/** mkdir -p, one level at a time: Node's recursive mkdir never returns where a parent refuses folders (/proc). */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}

/** Can `dir` hold the database? A DataDirError naming DATA_DIR when it is a file, under a file, or not writable. */
export function checkDataDir(dir: string): void {
  try {
    makeDirs(dir);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST' || code === 'ENOTDIR') throw unusableDir(dir, 'it, or a folder on its path, is a file, not a folder');
    if (code === 'EROFS') throw unusableDir(dir, 'it is on a read-only file system');
    if (code === 'EACCES' || code === 'EPERM') throw unusableDir(dir, 'the bot may not create it (permission denied)');
    if (FULL.has(code)) throw unusableDir(dir, 'the disk is full');
    throw unusableDir(dir, messageOf(error));
  }
  if (!statSync(dir).isDirectory()) throw unusableDir(dir, 'it is a file, not a folder');
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw unusableDir(dir, codeOf(error) === 'EROFS' ? 'it is on a read-only file system' : 'the bot may not write in it (permission denied)');
  }
}

/**
 * Open `alerts.sqlite` in `dataDir` (or a .sqlite file) after checking the folder, and run `PRAGMA quick_check`:
 * a damaged file, an unusable folder or a full disk stops here with a DataDirError that says what to do.
 */
export function openCheckedDatabase(dataDirOrFile: string): Db {
  if (dataDirOrFile === ':memory:') return openDatabase(dataDirOrFile);
  const file = dataDirOrFile.endsWith('.sqlite') ? dataDirOrFile : join(dataDirOrFile, 'alerts.sqlite');
  const dir = file === dataDirOrFile ? dirname(file) : dataDirOrFile;
  checkDataDir(dir);
  let db: Db | undefined;
  try {
    db = openDatabase(dataDirOrFile);
    const problems = (db.pragma('quick_check(5)') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    if (problems.length !== 1 || problems[0] !== 'ok') throw damaged(file, `PRAGMA quick_check: ${problems.join('; ').slice(0, 300)}`);
    return db;
  } catch (error) {
    if (db?.open) db.close();
    if (error instanceof DataDirError) throw error;
    const code = codeOf(error);
    if (CORRUPT.has(code) || /malformed|not a database/i.test(messageOf(error))) throw damaged(file, messageOf(error));
    if (FULL.has(code)) throw unusableDir(dir, `the disk is full (${messageOf(error)})`);
    if (NOT_WRITABLE.has(code) || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) throw unusableDir(dir, `the database ${file} cannot be opened for writing (${messageOf(error)})`);
    throw error;
  }
}
