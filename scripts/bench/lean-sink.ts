// The benchmark's Bot API stand-in, lean: HTTP/1.1 with keep-alive parsed by hand on node:net, so that measuring
// thousands of deliveries a second does not spend a core on the stand-in's own HTTP server. It answers sendMessage
// as the Bot API does ({ ok: true, result: Message }), anything else with a 404, a body it cannot read with a 400.
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface LeanSink {
  readonly apiRoot: string;
  readonly token: string;
  /** Messages received per chat id. */
  readonly perChat: Map<number, number>;
  /** performance.now() of every accepted message. */
  readonly times: number[];
  repeats(): number;
  stop(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CHAT_ID = /"chat_id":\s*"?(-?\d+)/;

function reply(socket: Socket, status: string, body: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`);
}

export async function startLeanSink(token = '123456:bench-token-AAAAAAAAAAAAAAAAAAAAAAAA'): Promise<LeanSink> {
  const perChat = new Map<number, number>();
  const times: number[] = [];
  const sockets = new Set<Socket>();
  const path = `/bot${token}/sendMessage`;
  let nextId = 1;

  const handle = (socket: Socket, head: string, body: Buffer) => {
    const target = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    if (target !== path) return reply(socket, '404 Not Found', '{"ok":false,"error_code":404,"description":"Not Found"}');
    const m = CHAT_ID.exec(body.toString('latin1'));
    if (!m) return reply(socket, '400 Bad Request', '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}');
    const chatId = Number(m[1]);
    perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
    times.push(performance.now());
    reply(socket, '200 OK', `{"ok":true,"result":{"message_id":${nextId++},"date":${Math.floor(Date.now() / 1000)},"chat":{"id":${chatId},"type":"private"}}}`);
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      // Every complete request in the buffer (a client may pipeline), the rest kept for the next chunk.
      for (;;) {
        const end = buffer.indexOf(HEAD_END);
        if (end < 0) return;
        const head = buffer.toString('latin1', 0, end);
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        handle(socket, head, buffer.subarray(end + 4, end + 4 + length));
        buffer = buffer.subarray(end + 4 + length);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    apiRoot: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    perChat,
    times,
    repeats: () => [...perChat.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0),
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
