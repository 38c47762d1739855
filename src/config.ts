// Environment → typed configuration (dotenv + zod), parsed once at start-up.
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { isAddressOrRange } from './alerts/address-policy.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalUrl = optional.pipe(z.url({ message: 'must be a URL such as http://127.0.0.1:8081' }).optional());

const integer = (fallback: number, min: number, max: number) =>
  optional.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

/** Feed URLs: http and https only (a file:// or ftp:// feed would read local files or other services). */
const feedUrls = optional
  .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
  .pipe(
    z.array(z.url({ message: 'must be a comma-separated list of feed URLs' })).superRefine((urls, ctx) => {
      for (const url of urls) {
        if (!/^https?:$/.test(new URL(url).protocol)) ctx.addIssue({ code: 'custom', message: `each feed URL must start with http:// or https:// (${JSON.stringify(url.slice(0, 100))} does not; file://, ftp:// and other schemes are refused)` });
      }
    }),
  );

const envSchema = z.object({
  TELEGRAM_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, 'must look like 123456:ABC-DEF… (from @BotFather)').optional()),
  TELEGRAM_API_ROOT: optionalUrl,
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_WEBHOOK_PORT: integer(8443, 1, 65535),
  TELEGRAM_WEBHOOK_HOST: optional,
  DISCORD_TOKEN: optional,
  DISCORD_APPLICATION_ID: optional.pipe(z.string().regex(/^\d+$/, 'must be the numeric application id').optional()),
  DISCORD_GUILD_ID: optional.pipe(z.string().regex(/^\d+$/, 'must be a numeric server id').optional()),
  DISCORD_API_ROOT: optionalUrl,
  KNOWLEDGE_DIR: optional.transform((v) => v ?? 'knowledge'),
  DATA_DIR: optional.transform((v) => v ?? 'data'),
  FEEDS: feedUrls,
  FEED_POLL_SECONDS: integer(600, 5, 86_400),
  ARTICLE_MAX_BYTES: integer(1_000_000, 1_000, 100_000_000),
  ARTICLE_MAX_SENTENCES: integer(5_000, 1, 1_000_000),
  FEEDS_ALLOW_ADDRESSES: optional
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(
      z.array(z.string()).superRefine((values, ctx) => {
        for (const v of values) if (!isAddressOrRange(v)) ctx.addIssue({ code: 'custom', message: `each must be an IP address or a CIDR range, e.g. 127.0.0.1 or 10.1.0.0/16 (not ${JSON.stringify(v.slice(0, 60))})` });
      }),
    ),
  FEED_MAX_ITEMS_PER_POLL: integer(20, 1, 200),
  FEED_MAX_ITEMS_PER_DAY: integer(200, 1, 100_000),
  FEED_FULL_PAGE_BELOW: integer(400, 0, 100_000),
  FEED_PAGE_DEADLINE_SECONDS: integer(5, 1, 60),
  ADMIN_IDS: optional
    .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
    .pipe(z.array(z.string().regex(/^(telegram|discord|console):[\w-]+$/, 'each must be platform:id, e.g. telegram:123'))),
  LOG_LEVEL: optional.transform((v) => v ?? 'info').pipe(z.enum(['debug', 'info', 'warn', 'error'])),
  LOG_FORMAT: optional.transform((v) => v ?? 'auto').pipe(z.enum(['auto', 'json', 'pretty'], { message: 'must be auto, json or pretty' })),
  METRICS_PORT: optional.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: 'custom', message: 'must be a port number from 1 to 65535 (0: any free port)' });
      return z.NEVER;
    }
    return n;
  }),
  METRICS_HOST: optional.transform((v) => v ?? '127.0.0.1'),
  DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL such as postgres://user@host:5432/db').optional()),
  DATABASE_SCHEMA: optional.transform((v) => v ?? 'hkbot').pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,40}$/, 'must be lower-case letters, digits and _ (at most 41)')),
  BOT_ROLES: optional
    .transform((v) => (v ? v.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean) : ['all']))
    .pipe(z.array(z.enum(['all', 'telegram', 'webhook', 'worker', 'poller', 'discord'], { message: 'each must be one of all, telegram (or webhook), worker, poller, discord' })).min(1)),
  OUTBOX_LEASE_SECONDS: integer(60, 10, 3600),
  FAILOVER_SECONDS: integer(2, 1, 60),
});

export type Config = z.infer<typeof envSchema>;

/** The article limits of a configuration, as the knowledge loader, ingest and the feed poller take them. */
export function articleLimitsOf(config: Pick<Config, 'ARTICLE_MAX_BYTES' | 'ARTICLE_MAX_SENTENCES'>): { maxBytes: number; maxSentences: number } {
  return { maxBytes: config.ARTICLE_MAX_BYTES, maxSentences: config.ARTICLE_MAX_SENTENCES };
}

/** A configuration value that cannot be used; start-up stops with its message. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly actionable = true;
}

/** Parse the environment (after loading .env when `dotenv` is true). Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenv?: boolean } = {}): Config {
  if (options.dotenv !== false && env === process.env) loadDotenv({ quiet: true });
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`config: invalid environment (see .env.example):\n${lines.join('\n')}`);
  }
  if (!result.data.DATABASE_URL && !result.data.BOT_ROLES.includes('all')) {
    throw new ConfigError('config: invalid environment (see .env.example):\n  - BOT_ROLES: roles other than "all" need DATABASE_URL (processes share their state through PostgreSQL)');
  }
  return result.data;
}
