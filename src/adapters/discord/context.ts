// The command context of a Discord interaction or message: channel, user, admin checks and the channel's memory.
import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';
import type { CommandContext, CommandServices } from '../../../commands/types.js';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';

export interface DiscordSource {
  channelId: string;
  /** null in DMs. */
  guildId: string | null;
  userId: string;
  userName?: string;
  /** The member's permissions in the guild (from the interaction payload, or fetched lazily). */
  permissions: () => Promise<Readonly<PermissionsBitField> | null | undefined>;
}

export interface ContextDeps {
  app: App;
  config: Pick<Config, 'ADMIN_IDS'>;
  services: CommandServices;
}

/** Manage Server (or Administrator, which implies it) makes a member an admin of the chat; a DM is the user's own. */
export function discordContext(deps: ContextDeps, source: DiscordSource): CommandContext {
  const isDm = source.guildId === null;
  return {
    core: deps.app.core,
    platform: 'discord',
    chat: { id: source.channelId, type: isDm ? 'private' : 'group' },
    user: {
      id: source.userId,
      ...(source.userName ? { name: source.userName } : {}),
      isChatAdmin: async () => {
        if (isDm) return true;
        const permissions = await source.permissions();
        return Boolean(permissions?.has(PermissionFlagsBits.ManageGuild));
      },
    },
    isAdmin: deps.config.ADMIN_IDS.includes(`discord:${source.userId}`),
    state: deps.app.memory.get(discordMemoryKey(source.channelId)),
    services: deps.services,
  };
}

export const discordMemoryKey = (channelId: string) => `discord:${channelId}`;

/** Run a command with the channel's follow-up memory loaded before and saved after (shared between instances). */
export async function withChatMemory<T>(deps: ContextDeps, ctx: CommandContext, run: () => T | Promise<T>): Promise<T> {
  const key = discordMemoryKey(ctx.chat.id);
  await deps.app.chats.load(key);
  const result = await run();
  await deps.app.chats.save(key, ctx.state);
  return result;
}
