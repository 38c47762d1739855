// Describes platform errors for logs: layer, status and code, with interaction and webhook tokens cut out.
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { redact } from '../../logger.js';

/** Interaction and webhook tokens travel in URLs; they are secrets for 15 minutes. */
export function redactUrl(text: string): string {
  return redact(text)
    .replace(/(\/interactions\/\d+\/)[^/\s?]+/g, '$1[token]')
    .replace(/(\/webhooks\/\d+\/)[^/\s?]+/g, '$1[token]');
}

/** A log-friendly description of an error: which layer failed and why, never a token. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof DiscordAPIError) {
    return { layer: 'discord-api', status: error.status, code: error.code, method: error.method, url: redactUrl(error.url), message: redactUrl(error.message) };
  }
  if (error instanceof HTTPError) {
    return { layer: 'http', status: error.status, method: error.method, url: redactUrl(error.url), message: redactUrl(error.message) };
  }
  if (error instanceof RateLimitError) {
    return { layer: 'rate-limit', route: error.route, retryAfter: error.retryAfter, global: error.global };
  }
  if (error instanceof Error) {
    return { layer: 'handler', name: error.name, message: redactUrl(error.message), stack: redactUrl(error.stack ?? '').split('\n').slice(0, 6).join('\n') };
  }
  return { layer: 'handler', message: redactUrl(String(error)) };
}
