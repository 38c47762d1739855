// Starts the real bot against the Discord stand-in (REST + gateway on 127.0.0.1) with the real knowledge base.
import type { CommandServices } from '../../../commands/types.js';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startDiscordBot, type DiscordBot } from '../../../src/adapters/discord/index.js';
import { snowflake, startDiscordStandIn, type DiscordStandIn, type RecordedCall } from '../../support/discord-stand-in.js';
import { person, type Place } from './payloads.js';

export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.stand-in.discord-test-token-secret';

export interface Harness {
  standIn: DiscordStandIn;
  bot: DiscordBot;
  app: App;
  logs: string[];
  guild: Place;
  dm: Place;
  stop(): Promise<void>;
}

export async function startHarness(options: { deferAfterMs?: number; services?: CommandServices; flood?: { limit?: number; windowMs?: number } } = {}): Promise<Harness> {
  const guildId = snowflake();
  const channelId = snowflake();
  const standIn = await startDiscordStandIn({ guilds: [{ id: guildId, channels: [{ id: channelId, name: 'general' }] }] });
  const config = loadConfig(
    { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: standIn.applicationId, DISCORD_API_ROOT: standIn.apiRoot, LOG_LEVEL: 'debug' },
    { dotenv: false },
  );
  const logs: string[] = [];
  const app = createApp({ knowledgeDir: 'knowledge' });
  const bot = await startDiscordBot({
    app,
    config,
    logger: createLogger({ level: 'debug', format: 'json', write: (line) => logs.push(line) }).child({ component: 'discord' }),
    deferAfterMs: options.deferAfterMs ?? 1500,
    ...(options.services ? { services: options.services } : {}),
    ...(options.flood ? { flood: options.flood } : {}),
  });
  const user = person('alice');
  return {
    standIn,
    bot,
    app,
    logs,
    guild: { applicationId: standIn.applicationId, guildId, channelId, user },
    dm: { applicationId: standIn.applicationId, channelId: snowflake(), user: person('bob') },
    async stop() {
      await bot.stop();
      await standIn.stop();
    },
  };
}

export interface SentMessage {
  type?: number;
  embeds: Array<{ title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> }>;
  components?: Array<{ components: Array<{ custom_id: string; label: string }> }>;
  allowed_mentions?: unknown;
  flags?: number;
  message_reference?: { message_id: string };
}

/** The message of a call: an interaction callback's data, or a message/webhook body. */
export function sent(call: RecordedCall): SentMessage {
  const body = call.body as { type?: number; data?: SentMessage } & SentMessage;
  return body.data ? { ...body.data, type: body.type } : body;
}

/** All the text a user sees in a message. */
export function visibleText(message: SentMessage): string {
  return message.embeds
    .flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text])
    .filter(Boolean)
    .join('\n');
}

export function buttons(message: SentMessage): Array<{ custom_id: string; label: string }> {
  return (message.components ?? []).flatMap((row) => row.components);
}

/** Dispatch an interaction and wait for its callback. */
export async function interact(h: Harness, payload: { id: string; token: string }): Promise<RecordedCall> {
  h.standIn.dispatch('INTERACTION_CREATE', payload);
  return h.standIn.waitForCall({ method: 'POST', path: `/interactions/${payload.id}/${payload.token}/callback` });
}
