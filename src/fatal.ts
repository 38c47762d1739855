// How a process reports the error that stops it: one redacted message, a stack only for what no person can act on.
import { redact } from './redact.js';

/** An error whose message says what to do (a bad variable, a bad file, an unusable DATA_DIR): printed without a stack. */
export interface ActionableError extends Error {
  readonly actionable: true;
}

export function isActionable(error: unknown): error is ActionableError {
  return error instanceof Error && (error as Partial<ActionableError>).actionable === true;
}

/** The text to print for an error that stops a process, with every secret redacted. */
export function fatalText(error: unknown, prefix = 'fatal'): string {
  if (isActionable(error)) return redact(error.message);
  return redact(`${prefix}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** Print `fatalText` on standard error. */
export function printFatal(error: unknown, prefix?: string): void {
  process.stderr.write(`${fatalText(error, prefix)}\n`);
}

/** Errors nobody caught (a stray rejection, a throw in a callback) are printed redacted, then the process exits 1. */
export function exitOnUncaught(): void {
  const die = (error: unknown) => {
    printFatal(error, 'fatal (uncaught)');
    process.exit(1);
  };
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
}
