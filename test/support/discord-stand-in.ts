// A local Discord REST API and gateway on 127.0.0.1 that records every call and can be told to fail (429, 403, 5xx).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedCall {
  method: string;
  /** Path without the API version, e.g. "/channels/123/messages". */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (or the raw text, or undefined). */
  body: unknown;
  /** Status the stand-in answered. */
  status: number;
  at: number;
}

export type CallMatcher = { method?: string; path: string | RegExp } | ((call: RecordedCall) => boolean);

/** An answer the stand-in gives instead of its normal one. A 429 gets Discord's headers and body. */
export interface StandInFailure {
  status: number;
  /** Seconds, for 429 (Retry-After header and retry_after in the body). */
  retryAfter?: number;
  global?: boolean;
  body?: unknown;
  /** How many matching requests fail. Default 1. */
  times?: number;
}

export interface StandInChannel {
  id: string;
  name?: string;
}

export interface StandInGuild {
  id: string;
  name?: string;
  ownerId?: string;
  channels: StandInChannel[];
}

export interface StandInUser {
  id: string;
  username: string;
  global_name?: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface DiscordStandInOptions {
  applicationId?: string;
  botUser?: Partial<StandInUser>;
  /** Guilds the bot is in: sent as GUILD_CREATE after READY (needed for messages in server channels). */
  guilds?: StandInGuild[];
}

export interface DiscordStandIn {
  /** Pass as discord.js `rest.api` / DISCORD_API_ROOT. */
  readonly apiRoot: string;
  readonly gatewayUrl: string;
  readonly applicationId: string;
  readonly botUser: StandInUser;
  /** Every REST call, in order. */
  readonly calls: RecordedCall[];
  /** Every gateway payload the client sent (IDENTIFY, heartbeats…). */
  readonly gatewayFrames: Array<{ op: number; d: unknown }>;
  callsTo(matcher: CallMatcher): RecordedCall[];
  /** The first matching call at index `from` or later (default 0), waiting for it up to `timeoutMs` (default 5 s). */
  waitForCall(matcher: CallMatcher, options?: { from?: number; timeoutMs?: number }): Promise<RecordedCall>;
  /** Make the next matching request(s) fail. */
  fail(matcher: CallMatcher, failure: StandInFailure): void;
  /** Send a gateway DISPATCH (op 0) to every connected client. */
  dispatch(event: string, data: unknown): void;
  /** Resolves when a client has identified and received READY. */
  identified(): Promise<void>;
  stop(): Promise<void>;
}

const EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh snowflake with the current time, as Discord makes them. */
/** The fields every Discord message object has, empty: callers set channel, author and content. */
export function messageFields() {
  return {
    id: snowflake(),
    content: '',
    embeds: [] as unknown[],
    components: [] as unknown[],
    attachments: [] as unknown[],
    mentions: [] as unknown[],
    mention_roles: [] as unknown[],
    mention_everyone: false,
    pinned: false,
    tts: false,
    type: 0,
    flags: 0,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
  };
}

export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - EPOCH) << 22n) | increment).toString();
}

function matches(matcher: CallMatcher, call: RecordedCall): boolean {
  if (typeof matcher === 'function') return matcher(call);
  if (matcher.method && matcher.method.toUpperCase() !== call.method) return false;
  return typeof matcher.path === 'string' ? call.path === matcher.path : matcher.path.test(call.path);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

/** Start the stand-in on 127.0.0.1, port 0 (a free port). */
export async function startDiscordStandIn(options: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const applicationId = options.applicationId ?? snowflake();
  const botUser: StandInUser = { id: applicationId, username: 'hkbot', discriminator: '0', avatar: null, global_name: 'HK I&T bot', bot: true, ...options.botUser };
  const guilds = options.guilds ?? [];
  const calls: RecordedCall[] = [];
  const gatewayFrames: Array<{ op: number; d: unknown }> = [];
  const failures: Array<{ matcher: CallMatcher; failure: StandInFailure; left: number }> = [];
  const waiters = new Set<() => void>();
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let onIdentified: () => void = () => undefined;
  const identifiedPromise = new Promise<void>((resolve) => (onIdentified = resolve));

  const server = createServer((req, res) => void handle(req, res));
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const apiRoot = `http://127.0.0.1:${port}`;
  const gatewayUrl = `ws://127.0.0.1:${port}`;

  const message = (channelId: string, body: unknown) => ({
    ...messageFields(),
    channel_id: channelId,
    author: botUser,
    ...(body && typeof body === 'object' ? body : {}),
  });

  /** The normal answer of Discord for a route: [status, JSON body or undefined for 204]. */
  function route(method: string, path: string, query: Record<string, string>, body: unknown): [number, unknown] {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
    }
    if (method === 'GET' && path === '/gateway') return [200, { url: gatewayUrl }];
    if (method === 'GET' && path === '/users/@me') return [200, botUser];
    if (method === 'GET' && path === '/applications/@me') return [200, { id: applicationId, name: botUser.username, bot: botUser, flags: 0 }];
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      return query.with_response === 'true' ? [200, { interaction: { id: path.split('/')[2], type: 2 }, resource: { type: (body as { type?: number })?.type } }] : [204, undefined];
    }
    if ((m = /^\/webhooks\/\d+\/[^/]+(?:\/messages\/([^/]+))?$/.exec(path))) {
      if (method === 'DELETE') return [204, undefined];
      return [200, message(guilds[0]?.channels[0]?.id ?? '0', body)];
    }
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/typing$/.exec(path))) return [204, undefined];
    if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) return [200, message(m[1]!, body)];
    if (method === 'PUT' && (m = /^\/applications\/\d+(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      const list = Array.isArray(body) ? body : [];
      return [200, list.map((c: object) => ({ id: snowflake(), application_id: applicationId, version: snowflake(), ...(m![1] ? { guild_id: m![1] } : {}), ...c }))];
    }
    if (method === 'GET' && (m = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path))) {
      return [200, { user: { id: m[2], username: 'member', discriminator: '0', avatar: null }, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', apiRoot);
    const path = decodeURIComponent(url.pathname).replace(/^\/(?:api\/)?v\d+/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const call: RecordedCall = { method, path, query: Object.fromEntries(url.searchParams), body, status: 0, at: Date.now() };
    const failure = failures.find((f) => f.left > 0 && matches(f.matcher, call));
    let status: number;
    let payload: unknown;
    const headers: Record<string, string> = {};
    if (failure) {
      failure.left -= 1;
      status = failure.failure.status;
      if (status === 429) {
        const after = failure.failure.retryAfter ?? 1;
        Object.assign(headers, {
          'retry-after': String(after),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(after),
          'x-ratelimit-bucket': 'stand-in-bucket',
          'x-ratelimit-scope': failure.failure.global ? 'global' : 'user',
          ...(failure.failure.global ? { 'x-ratelimit-global': 'true' } : {}),
        });
        payload = failure.failure.body ?? { message: 'You are being rate limited.', retry_after: after, global: Boolean(failure.failure.global) };
      } else {
        payload = failure.failure.body ?? { message: `Stand-in failure ${status}`, code: 0 };
      }
    } else {
      [status, payload] = route(method, path, call.query, body);
    }
    call.status = status;
    calls.push(call);
    for (const wake of waiters) wake();
    if (payload === undefined) {
      // Discord answers 204 with no body and no JSON content type.
      res.writeHead(status, headers).end();
    } else {
      res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(payload));
    }
  }

  const send = (ws: WebSocket, payload: object) => ws.send(JSON.stringify(payload));
  const dispatchTo = (ws: WebSocket, t: string, d: unknown) => send(ws, { op: 0, t, s: ++sequence, d });
  const guildPayload = (g: StandInGuild) => ({
    id: g.id,
    name: g.name ?? 'Stand-in server',
    icon: null,
    owner_id: g.ownerId ?? snowflake(),
    roles: [{ id: g.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: g.channels.map((c, i) => ({ id: c.id, type: 0, name: c.name ?? `channel-${i}`, position: i, permission_overwrites: [], guild_id: g.id })),
    members: [{ user: botUser, roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    member_count: 2,
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
  });

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    send(ws, { op: 10, d: { heartbeat_interval: 41_250 } });
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: unknown };
      gatewayFrames.push(frame);
      if (frame.op === 1) send(ws, { op: 11 });
      if (frame.op === 2) {
        dispatchTo(ws, 'READY', {
          v: 10,
          user: botUser,
          guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
          session_id: randomUUID(),
          resume_gateway_url: gatewayUrl,
          shard: [0, 1],
          application: { id: applicationId, flags: 0 },
        });
        for (const g of guilds) dispatchTo(ws, 'GUILD_CREATE', guildPayload(g));
        onIdentified();
      }
      if (frame.op === 6) dispatchTo(ws, 'RESUMED', {});
    });
  });

  return {
    apiRoot,
    gatewayUrl,
    applicationId,
    botUser,
    calls,
    gatewayFrames,
    callsTo: (matcher) => calls.filter((c) => matches(matcher, c)),
    waitForCall(matcher, { from = 0, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.slice(from).find((c) => matches(matcher, c));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`discord stand-in: no matching call within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    fail(matcher, failure) {
      failures.push({ matcher, failure, left: failure.times ?? 1 });
    },
    dispatch(event, data) {
      for (const ws of sockets) dispatchTo(ws, event, data);
    },
    identified: () => identifiedPromise,
    async stop() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
