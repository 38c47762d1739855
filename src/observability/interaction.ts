// One message or interaction from arrival to reply: a child logger bound to it, its latency, its outcome counted.
import type { CommandServices, Platform, Reply } from '../../commands/types.js';
import type { Logger } from '../logger.js';
import type { Metrics } from './types.js';

export interface InteractionFields {
  chat?: string | number;
  /** The platform's id of the update or interaction. */
  update?: string | number;
  /** The command it runs ("ask" for a question). */
  command: string;
}

export interface Interaction {
  /** Logs about this message or interaction: every line carries its chat, update and command. */
  log: Logger;
  /** The reply was sent (undefined: there was nothing to send). Logs the latency and counts the outcome. */
  done(reply: Reply | undefined): void;
  /** Handling it threw (the error itself is logged by the adapter's error boundary). */
  failed(): void;
}

export interface InteractionDeps {
  logger: Logger;
  metrics: Metrics;
}

export function beginInteraction(deps: InteractionDeps, platform: Platform, fields: InteractionFields): Interaction {
  const started = performance.now();
  const bindings = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const log = deps.logger.child(bindings);
  return {
    log,
    done(reply) {
      const seconds = (performance.now() - started) / 1000;
      const answered = reply?.kind === 'answer' ? reply.answer.answered : undefined;
      if (reply) deps.metrics.replied(platform, { kind: reply.kind, ...(answered === undefined ? {} : { answered }) }, seconds);
      log.info('replied', { latencyMs: Math.round(seconds * 1000), reply: reply?.kind ?? 'none', ...(answered === undefined ? {} : { answered }) });
    },
    failed() {
      deps.metrics.handlerFailed(platform);
    },
  };
}

/** The command a message runs: its /name (without @bot), or "ask" for a question. */
export function commandOfText(text: string): string {
  const match = /^\/([A-Za-z0-9_]{1,32})/.exec(text.trim());
  return match ? match[1]!.toLowerCase() : 'ask';
}

/**
 * The services with failures logged on this interaction's logger (its chat, update and command, the error with its
 * stack, redacted when written) and counted as a handler error, before whatever the services already did with them.
 */
export function loggingFailures(services: CommandServices, log: Logger, counted?: Pick<Interaction, 'failed'>): CommandServices {
  return {
    ...services,
    onFailure(error, info) {
      log.error('command failed', { kind: info.kind, err: error });
      counted?.failed();
      services.onFailure?.(error, info);
    },
  };
}
