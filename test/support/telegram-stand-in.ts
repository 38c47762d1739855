// A local Bot API stand-in on 127.0.0.1: long polling, recorded calls, Telegram's validation, programmable failures.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkCommands, checkInlineResults, checkKeyboard, checkMessageText, type ParsedMessage } from './telegram-html.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Params = Record<string, any>;

/** One Bot API call as the stand-in received it. `at` is performance.now(). */
export interface RecordedCall {
  method: string;
  params: Params;
  at: number;
  /** HTTP status answered (0 when the connection was dropped). */
  status: number;
}

/** A message the bot sent, as the user sees it. */
export interface SentMessage extends ParsedMessage {
  chatId: number;
  messageId: number;
  html: string;
  params: Params;
  at: number;
  /** Inline keyboard buttons, row by row. */
  buttons: Array<Array<{ text: string; callback_data?: string; url?: string }>>;
}

/** What the next call(s) of a method get instead of a result. */
export type Failure =
  | { status: number; retry_after?: number; description?: string; times?: number }
  | { network: true; times?: number };

export interface StandInOptions {
  token?: string;
  username?: string;
  /** Cap on getUpdates' `timeout` (seconds), to keep tests quick. Default 1. */
  maxPollSeconds?: number;
  /** Failures injected by rule (the n-th call of a method, 1-based; its parameters), besides those programmed with failNext. */
  inject?: (method: string, n: number, params: Params) => Failure | undefined;
}

export interface UserMessageOptions {
  chatId?: number;
  userId?: number;
  chatType?: 'private' | 'group' | 'supergroup';
  firstName?: string;
  /** Make the message a reply to one the bot sent. */
  replyTo?: SentMessage;
}

export const STAND_IN_TOKEN = '123456:stand-in-token-for-tests-only-AAAAAAAA';
const BOT_ID = 123456;

export interface TelegramStandIn {
  /** grammY's `client.apiRoot`, e.g. http://127.0.0.1:40123 */
  readonly apiRoot: string;
  readonly token: string;
  readonly botId: number;
  readonly username: string;
  /** Every call received, in order. */
  readonly calls: RecordedCall[];
  callsTo(method: string): RecordedCall[];
  /** Queue a raw update (update_id is assigned) and wake pending getUpdates. Returns its update_id. */
  pushUpdate(update: Params): number;
  /** Queue a text message from a user; bot commands and mentions get their entities. */
  sendText(text: string, options?: UserMessageOptions): { updateId: number; messageId: number };
  /** Queue a press of an inline button. */
  pressButton(data: string, options?: { chatId?: number; userId?: number; messageId?: number }): number;
  /** Queue an inline query (@bot query). */
  inlineQuery(query: string, options?: { userId?: number }): number;
  /** The next `times` (default 1) calls of `method` fail as described. */
  failNext(method: string, failure: Failure): void;
  /** The next `times` (default 1) calls of `method` are answered after `ms`. */
  delayNext(method: string, ms: number, times?: number): void;
  /** A member's status in a group, for getChatMember (default "member"). */
  setChatMember(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member' | 'restricted' | 'left'): void;
  /** Messages the bot sent (successfully), optionally to one chat. */
  messages(chatId?: number): SentMessage[];
  /** How many messages the bot sent (cheap, for polling while thousands arrive). */
  sentCount(): number;
  /** performance.now() when an update was first handed out by getUpdates. */
  deliveredAt(updateId: number): number | undefined;
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  waitForMessages(chatId: number, count: number, timeoutMs?: number): Promise<SentMessage[]>;
  /** Forget calls, messages and programmed failures (update ids keep counting). */
  reset(): void;
  stop(): Promise<void>;
}

/** Start a stand-in on 127.0.0.1 on a free port. */
export async function startTelegramStandIn(options: StandInOptions = {}): Promise<TelegramStandIn> {
  const token = options.token ?? STAND_IN_TOKEN;
  const username = options.username ?? 'hk_innotech_test_bot';
  const maxPoll = options.maxPollSeconds ?? 1;
  const me = { id: BOT_ID, is_bot: true, first_name: 'HK I&T', username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: true };
  const calls: RecordedCall[] = [];
  const sent: SentMessage[] = [];
  const queue: Params[] = [];
  const delivered = new Map<number, number>();
  const failures = new Map<string, Failure[]>();
  const delays = new Map<string, number[]>();
  const members = new Map<string, string>();
  const polls = new Set<() => void>();
  const counts = new Map<string, number>();
  const waiters = new Set<() => void>();
  let nextUpdate = 1;
  let nextMessage = 1000;
  let nextCallback = 1;
  let stopped = false;

  const notify = () => waiters.forEach((w) => w());

  function pushUpdate(update: Params): number {
    const id = nextUpdate++;
    queue.push({ update_id: id, ...update });
    polls.forEach((wake) => wake());
    return id;
  }

  async function getUpdates(params: Params): Promise<Params[]> {
    const offset = Number(params.offset ?? 0);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    if (offset > 0) while (queue.length && queue[0]!.update_id < offset) queue.shift();
    const ready = () => queue.filter((u) => u.update_id >= offset).slice(0, limit);
    const timeout = Math.min(Number(params.timeout ?? 0), maxPoll) * 1000;
    if (ready().length === 0 && timeout > 0 && !stopped) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          polls.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeout);
        polls.add(done);
      });
    }
    const updates = ready();
    const now = performance.now();
    for (const u of updates) if (!delivered.has(u.update_id)) delivered.set(u.update_id, now);
    return updates;
  }

  /** Answer one method: [status, result or error description]. */
  async function handle(method: string, params: Params): Promise<[number, unknown]> {
    switch (method) {
      case 'getMe':
        return [200, me];
      case 'getUpdates':
        return [200, await getUpdates(params)];
      case 'deleteWebhook':
      case 'setWebhook':
      case 'sendChatAction':
      case 'deleteMyCommands':
      case 'close':
        return [200, true];
      case 'setMyCommands': {
        const error = checkCommands(params.commands ?? []);
        return error ? [400, error] : [200, true];
      }
      case 'sendMessage': {
        const chatId = Number(params.chat_id);
        if (!Number.isFinite(chatId)) return [400, 'Bad Request: chat not found'];
        const parsed = checkMessageText(params.text, params.parse_mode);
        if (typeof parsed === 'string') return [400, parsed];
        const keyboardError = checkKeyboard(params.reply_markup);
        if (keyboardError) return [400, keyboardError];
        const messageId = nextMessage++;
        const buttons = params.reply_markup?.inline_keyboard ?? [];
        sent.push({ ...parsed, chatId, messageId, html: params.text, params, at: performance.now(), buttons });
        const type = chatId < 0 ? 'supergroup' : 'private';
        return [200, { message_id: messageId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type }, from: me, text: parsed.text }];
      }
      case 'answerCallbackQuery':
        if (params.text !== undefined && String(params.text).length > 200) return [400, 'Bad Request: MESSAGE_TOO_LONG'];
        return [200, true];
      case 'answerInlineQuery': {
        const error = checkInlineResults(params.results ?? []);
        return error ? [400, error] : [200, true];
      }
      case 'getChatMember': {
        const userId = Number(params.user_id);
        const status = members.get(`${params.chat_id}:${userId}`) ?? 'member';
        return [200, { status, user: { id: userId, is_bot: false, first_name: 'User' } }];
      }
      default:
        return [404, 'Not Found'];
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    const body = await readBody(req);
    const method = match?.[2] ?? '';
    let params: Params = {};
    try {
      params = body ? (JSON.parse(body) as Params) : {};
    } catch {
      params = Object.fromEntries(new URLSearchParams(body));
    }
    const call: RecordedCall = { method, params, at: performance.now(), status: 0 };
    calls.push(call);
    const reply = (status: number, payload: unknown) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      notify();
    };
    if (!match || match[1] !== token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const delay = delays.get(method)?.shift();
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const n = (counts.get(method) ?? 0) + 1;
    counts.set(method, n);
    const failure = failures.get(method)?.shift() ?? options.inject?.(method, n, params);
    if (failure && 'network' in failure) {
      req.socket.destroy();
      notify();
      return;
    }
    if (failure) {
      const description = failure.description ?? (failure.status === 429 ? `Too Many Requests: retry after ${failure.retry_after ?? 0}` : 'Internal Server Error');
      const parameters = failure.retry_after !== undefined ? { retry_after: failure.retry_after } : undefined;
      return reply(failure.status, { ok: false, error_code: failure.status, description, ...(parameters ? { parameters } : {}) });
    }
    const [status, result] = await handle(method, params);
    if (status === 200) reply(200, { ok: true, result });
    else reply(status, { ok: false, error_code: status, description: result });
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(error) }));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const standIn: TelegramStandIn = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    botId: BOT_ID,
    username,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    pushUpdate,
    sendText(text, o = {}) {
      const chatType = o.chatType ?? 'private';
      const userId = o.userId ?? 1001;
      const chatId = o.chatId ?? (chatType === 'private' ? userId : -1001);
      const messageId = nextMessage++;
      const entities = [...text.matchAll(/(^\/[A-Za-z0-9_]+(?:@\w+)?)|(@\w+)/g)].map((m) => ({ type: m[1] ? 'bot_command' : 'mention', offset: m.index, length: m[0].length }));
      const from = { id: userId, is_bot: false, first_name: o.firstName ?? 'Ada' };
      const chat = chatType === 'private' ? { id: chatId, type: 'private', first_name: from.first_name } : { id: chatId, type: chatType, title: 'HK founders' };
      const replyTo = o.replyTo ? { message_id: o.replyTo.messageId, date: 0, chat, from: me, text: o.replyTo.text } : undefined;
      const message = { message_id: messageId, date: Math.floor(Date.now() / 1000), chat, from, text, ...(entities.length ? { entities } : {}), ...(replyTo ? { reply_to_message: replyTo } : {}) };
      return { updateId: pushUpdate({ message }), messageId };
    },
    pressButton(data, o = {}) {
      const userId = o.userId ?? 1001;
      const chatId = o.chatId ?? userId;
      const message = { message_id: o.messageId ?? 1, date: 0, chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' }, from: me, text: '…' };
      return pushUpdate({ callback_query: { id: `cb${nextCallback++}`, from: { id: userId, is_bot: false, first_name: 'Ada' }, chat_instance: 'ci', message, data } });
    },
    inlineQuery(query, o = {}) {
      return pushUpdate({ inline_query: { id: `iq${nextCallback++}`, from: { id: o.userId ?? 1001, is_bot: false, first_name: 'Ada' }, query, offset: '' } });
    },
    failNext(method, failure) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < (failure.times ?? 1); i++) list.push(failure);
      failures.set(method, list);
    },
    delayNext(method, ms, times = 1) {
      delays.set(method, [...(delays.get(method) ?? []), ...Array<number>(times).fill(ms)]);
    },
    setChatMember: (chatId, userId, status) => void members.set(`${chatId}:${userId}`, status),
    messages: (chatId) => (chatId === undefined ? [...sent] : sent.filter((m) => m.chatId === chatId)),
    sentCount: () => sent.length,
    deliveredAt: (updateId) => delivered.get(updateId),
    waitFor(predicate, timeoutMs = 5000) {
      return waitUntil(() => calls.find(predicate), timeoutMs, 'a matching call');
    },
    waitForMessages(chatId, count, timeoutMs = 5000) {
      return waitUntil(() => {
        const list = sent.filter((m) => m.chatId === chatId);
        return list.length >= count ? list : undefined;
      }, timeoutMs, `${count} message(s) to chat ${chatId}`);
    },
    reset() {
      calls.length = 0;
      sent.length = 0;
      failures.clear();
      delays.clear();
    },
    async stop() {
      stopped = true;
      polls.forEach((wake) => wake());
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function waitUntil<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const value = check();
        if (value === undefined) return false;
        clearTimeout(timer);
        waiters.delete(attempt);
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(attempt);
        reject(new Error(`telegram stand-in: timed out after ${timeoutMs} ms waiting for ${what}; calls: ${calls.map((c) => `${c.method}:${c.status}`).join(', ')}`));
      }, timeoutMs);
      if (!attempt()) waiters.add(attempt);
    });
  }

  return standIn;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
