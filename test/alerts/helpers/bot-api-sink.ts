// A minimal Bot API sink for the benchmark: accepts sendMessage without limits, counts messages per chat and per second.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BotApiSink {
  readonly apiRoot: string;
  readonly token: string;
  /** Messages received per chat id. */
  readonly perChat: Map<number, number>;
  /** performance.now() of every accepted message. */
  readonly times: number[];
  total(): number;
  repeats(): number;
  /** Most messages within any 1-second window. */
  maxPerSecond(): number;
  stop(): Promise<void>;
}

export async function startBotApiSink(token = '123456:bench-token-AAAAAAAAAAAAAAAAAAAAAAAA'): Promise<BotApiSink> {
  const perChat = new Map<number, number>();
  const times: number[] = [];
  let nextId = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!req.url?.startsWith(`/bot${token}/sendMessage`)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"ok":false,"error_code":404,"description":"Not Found"}');
        return;
      }
      let chatId = NaN;
      try {
        chatId = Number((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { chat_id: unknown }).chat_id);
      } catch {
        // fall through to 400
      }
      if (!Number.isFinite(chatId)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}');
        return;
      }
      perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
      times.push(performance.now());
      res.writeHead(200, { 'content-type': 'application/json' }).end(`{"ok":true,"result":{"message_id":${nextId++},"date":0,"chat":{"id":${chatId},"type":"private"}}}`);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiRoot,
    token,
    perChat,
    times,
    total: () => times.length,
    repeats: () => [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    maxPerSecond() {
      let max = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= 1000) j++;
        max = Math.max(max, i - j + 1);
      }
      return max;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
