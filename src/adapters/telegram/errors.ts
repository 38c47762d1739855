// Describes Telegram errors for logs by the layer that failed, with what Telegram said and never a token.
import { GrammyError, HttpError } from 'grammy';

/** An error without secrets: its layer, and what Telegram said. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) return { layer: 'api', method: error.method, code: error.error_code, description: error.description };
  if (error instanceof HttpError) return { layer: 'network', message: error.message };
  if (error instanceof Error) return { layer: 'handler', name: error.name, message: error.message };
  return { layer: 'unknown', message: String(error) };
}
