// The Discord adapter's public API: start the bot, deploy commands, and the pure renderers alerts reuse.
export { startDiscordBot, discordClientOptions, type DiscordBot, type DiscordBotOptions } from './bot.js';
export { deployCommands, type DeployResult } from './deploy.js';
export { buildCommandData } from './command-data.js';
export { renderDiscordReply, draftMessages, COLORS, type DiscordMessage } from './render.js';
export { buildAlertMessages, toMessageBody, NO_MENTIONS, type AlertFields } from './alert.js';
export { DISCORD_LIMITS, escapeText, fitEmbeds, packEmbeds, splitText, truncate, embedLength, type EmbedDraft } from './embeds.js';
export { actionRows, encodeAction, decodeAction } from './components.js';
export { describeError } from './errors.js';
