// Fetches a feed or a web page from the open web only: http(s), a few redirects checked hop by hop, limits on time and size.
import { Agent, fetch, type Response } from 'undici';
import { checkedLookup, FetchRefusedError, literalRefusal, publicOnly, type AddressPolicy } from './address-policy.js';

export interface SafeFetchOptions {
  headers?: Record<string, string>;
  /** Waiting for the response, and for each next piece of its body, may take this long (default 15 s). */
  timeoutMs?: number;
  /** The whole fetch, redirects and body included, may take this long (default 4 × timeoutMs). */
  deadlineMs?: number;
  /** Bodies larger than this are refused (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed at most (default 3). */
  maxRedirects?: number;
  policy?: AddressPolicy;
  /** Aborts the fetch from outside (a shared deadline). */
  signal?: AbortSignal;
}

export type SafeFetchResult =
  | { status: 'ok'; body: string; url: string; contentType: string; etag?: string; lastModified?: string }
  | { status: 'unchanged' }
  | { status: 'error'; error: string };

export const defaultSafeFetch = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 3 } as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const agents = new Map<string, Agent>();

/** One keep-alive agent per policy, whose sockets connect only to addresses the policy allows. */
function agentFor(policy: AddressPolicy): Agent {
  const key = policy.allow.join(',');
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({ connect: { lookup: checkedLookup(policy) }, keepAliveTimeout: 4_000 });
    agents.set(key, agent);
  }
  return agent;
}

/** The URL when it may be fetched; throws FetchRefusedError saying why not. */
export function checkTarget(url: string, policy: AddressPolicy, hopNote = false): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FetchRefusedError(`refused: ${JSON.stringify(url.slice(0, 200))} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FetchRefusedError(`refused: ${parsed.protocol} URLs are not fetched, only http and https${hopNote ? ` (redirected to ${parsed.href.slice(0, 200)})` : ''}`);
  // A host written as an address is connected to without a lookup, so it is checked here.
  const refusal = literalRefusal(parsed.hostname, policy);
  if (refusal) throw new FetchRefusedError(hopNote ? `${refusal} (redirected to ${parsed.href})` : refusal);
  return parsed;
}

/**
 * GET a URL and read its body as text. Never throws: a refusal, an HTTP error, a timeout or an oversized body
 * is an `error` outcome saying what happened; 304 is `unchanged`.
 */
export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const timeoutMs = options.timeoutMs ?? defaultSafeFetch.timeoutMs;
  const deadlineMs = options.deadlineMs ?? 4 * timeoutMs;
  const maxBytes = options.maxBytes ?? defaultSafeFetch.maxBytes;
  const maxRedirects = options.maxRedirects ?? defaultSafeFetch.maxRedirects;
  const policy = options.policy ?? publicOnly;
  const controller = new AbortController();
  const abort = (message: string) => controller.abort(new Error(message));
  let idle = setTimeout(() => abort(`timed out after ${timeoutMs} ms`), timeoutMs);
  const rearm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort(`timed out after ${timeoutMs} ms`), timeoutMs);
  };
  const deadline = setTimeout(() => abort(`timed out after ${deadlineMs} ms in all`), deadlineMs);
  const outside = options.signal;
  const onOutside = () => abort(outside?.reason instanceof Error ? outside.reason.message : 'aborted');
  if (outside?.aborted) onOutside();
  else outside?.addEventListener('abort', onOutside, { once: true });
  let current = url;
  let hop = 0;
  try {
    for (; ; hop++) {
      const target = checkTarget(current, policy, hop > 0);
      if (controller.signal.aborted) throw controller.signal.reason;
      const response = await fetch(target, { headers: options.headers ?? {}, signal: controller.signal, redirect: 'manual', dispatcher: agentFor(policy) });
      if (REDIRECTS.has(response.status)) {
        const location = response.headers.get('location');
        await response.body?.cancel().catch(() => undefined);
        if (!location) return { status: 'error', error: `HTTP ${response.status} redirect without a Location` };
        if (hop >= maxRedirects) return { status: 'error', error: `refused: more than ${maxRedirects} redirects` };
        current = new URL(location, target).href;
        rearm();
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 'unchanged' };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 'error', error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${hop ? ` (after a redirect to ${current})` : ''}` };
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > maxBytes) {
        abort('too large');
        return { status: 'error', error: `too large (${declared} bytes, limit ${maxBytes})` };
      }
      rearm();
      const body = await readLimited(response, maxBytes, rearm);
      if (body === undefined) {
        abort('too large');
        return { status: 'error', error: `too large (over ${maxBytes} bytes)` };
      }
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      return { status: 'ok', body, url: current, contentType: response.headers.get('content-type') ?? '', ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    }
  } catch (error) {
    const reason = describeFailure(error, controller.signal);
    return { status: 'error', error: hop > 0 && !reason.includes('redirected to') ? `${reason} (redirected to ${current.slice(0, 200)})` : reason };
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    outside?.removeEventListener('abort', onOutside);
  }
}

async function readLimited(response: Response, maxBytes: number, onChunk: () => void): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk();
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeFailure(error: unknown, signal: AbortSignal): string {
  if (error instanceof FetchRefusedError) return error.message;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof FetchRefusedError) return cause.message;
  if (signal.aborted && signal.reason instanceof Error) return signal.reason.message;
  if (!(error instanceof Error)) return String(error);
  const code = (cause as { code?: string } | undefined)?.code;
  return code ? `network error (${code})` : error.message;
}
