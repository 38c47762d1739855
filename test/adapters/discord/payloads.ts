// Raw gateway payloads as Discord sends them: slash commands, autocomplete, button presses and messages.
import { messageFields, snowflake, type StandInUser } from '../../support/discord-stand-in.js';

export const PERMISSIONS = { member: String(1n << 10n | 1n << 11n), manageGuild: String(1n << 5n | 1n << 10n | 1n << 11n) };

export function person(username = 'alice'): StandInUser {
  return { id: snowflake(), username, global_name: username, discriminator: '0', avatar: null };
}

export interface Place {
  applicationId: string;
  channelId: string;
  /** Omit for a DM. */
  guildId?: string;
  user: StandInUser;
  permissions?: string;
}

type OptionPayload = { name: string; type: number; value: string | number; focused?: boolean };

function base(place: Place) {
  const id = snowflake();
  const common = {
    id,
    application_id: place.applicationId,
    token: `interactiontoken${id}`,
    version: 1,
    locale: 'en-US',
    entitlements: [],
    app_permissions: '2248473465835073',
    authorizing_integration_owners: { '0': place.guildId ?? place.user.id },
  };
  if (place.guildId) {
    return {
      ...common,
      guild_id: place.guildId,
      guild_locale: 'en-US',
      channel_id: place.channelId,
      channel: { id: place.channelId, type: 0, guild_id: place.guildId, name: 'general' },
      member: { user: place.user, roles: [], permissions: place.permissions ?? PERMISSIONS.member, joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      context: 0,
    };
  }
  return { ...common, channel_id: place.channelId, channel: { id: place.channelId, type: 1, recipients: [place.user] }, user: place.user, context: 1 };
}

/** INTERACTION_CREATE of a slash command (type 2), or of autocomplete (type 4) when an option is focused. */
export function slashCommand(place: Place, name: string, options: Record<string, string | number> = {}, focused?: string) {
  const list: OptionPayload[] = Object.entries(options).map(([key, value]) => ({
    name: key,
    type: typeof value === 'number' ? 4 : 3,
    value,
    ...(key === focused ? { focused: true } : {}),
  }));
  return { ...base(place), type: focused ? 4 : 2, data: { id: snowflake(), name, type: 1, options: list } };
}

/** INTERACTION_CREATE of a button press under one of the bot's messages. */
export function buttonPress(place: Place, customId: string) {
  const message = {
    ...messageFields(),
    channel_id: place.channelId,
    author: { id: place.applicationId, username: 'hkbot', discriminator: '0', avatar: null, bot: true },
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Button', custom_id: customId }] }],
  };
  return { ...base(place), type: 3, message, data: { custom_id: customId, component_type: 2 } };
}

/** MESSAGE_CREATE from a user, in a DM or a server channel. */
export function messageCreate(place: Omit<Place, 'applicationId'>, content: string, mentions: StandInUser[] = []) {
  return {
    ...messageFields(),
    channel_id: place.channelId,
    channel_type: place.guildId ? 0 : 1,
    ...(place.guildId ? { guild_id: place.guildId, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } } : {}),
    author: place.user,
    content,
    mentions,
  };
}
