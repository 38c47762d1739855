// Public entry of the Telegram adapter: start the bot; rendering and escaping shared with alerts.
export { startTelegramBot, type TelegramBot, type TelegramBotOptions } from './bot.js';
export { registerMenu, registerMenuInBackground } from './menu.js';
export { describeError } from './errors.js';
export { configureApi } from './api.js';
export { defaultTelegramTuning, type TelegramTuning, type TelegramTuningInput } from './options.js';
export { escapeHtml, escapeText, link, clip, renderReply, renderCitation, toPlainText, TELEGRAM_TEXT_LIMIT } from './render.js';
export { splitHtml } from './split.js';
export { sendReply } from './send.js';
export { buildKeyboard, encodeAction, decodeAction } from './keyboard.js';
export { inlineResults } from './inline.js';
