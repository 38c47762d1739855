// The Telegram stand-in of the scale test in a process of its own, so that the arrival times it records are not
// held up by the test runner's own work; a control server on another port reports what it received.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTelegramStandIn } from '../support/telegram-stand-in.js';

/** Every 613th sendMessage is refused with 429 retry_after 1, every 257th with 502. */
const inject = (method: string, n: number) => (method !== 'sendMessage' ? undefined : n % 613 === 0 ? { status: 429, retry_after: 1 } : n % 257 === 0 ? { status: 502 } : undefined);

const tg = await startTelegramStandIn({ inject });
// How late this process's event loop ran: arrival times are only as good as that.
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const send = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  switch (url.pathname) {
    case '/count':
      return send({ sent: tg.sentCount(), maxLoopDelayMs: lag.max / 1e6, p99LoopDelayMs: lag.percentile(99) / 1e6 });
    case '/messages': {
      const chat = url.searchParams.get('chat');
      return send(tg.messages(chat === null ? undefined : Number(chat)).map((m) => ({ chatId: m.chatId, text: m.text, at: m.at })));
    }
    case '/calls':
      return send(tg.callsTo(url.searchParams.get('method') ?? 'sendMessage').map((c) => ({ status: c.status, at: c.at })));
    default:
      return void res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ apiRoot: tg.apiRoot, token: tg.token, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => {
  control.close();
  void tg.stop().then(() => process.exit(0));
});
