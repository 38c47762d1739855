// Plain-text rendering of an alert (console, logs); platform senders render their own markup.
import type { Alert, Sender } from './types.js';

/** The alert as lines of plain text: title, summary, entities, link, why it came and how to stop it. */
export function alertLines(alert: Alert): string[] {
  const meta = [alert.publisher, alert.date].filter(Boolean).join(', ');
  return [
    `🔔 ${alert.title}`,
    ...(alert.summary && alert.summary !== alert.title ? [alert.summary] : []),
    ...(alert.entities.length ? [`About: ${alert.entities.slice(0, 8).join(', ')}`] : []),
    ...(alert.link ? [alert.link] : []),
    ...(meta ? [`(${meta})`] : []),
    `You get this because you follow ${alert.matched}. Stop: ${alert.unsubscribe}`,
  ];
}

export function alertText(alert: Alert): string {
  return alertLines(alert).join('\n');
}

/** A sender for the console chat: prints the alert. */
export function createConsoleSender(write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): Sender {
  return {
    platform: 'console',
    async send(_chatId, alert) {
      write(`\n${alertText(alert)}\n`);
      return { ok: true };
    },
  };
}
