// Update handlers: text (private questions; in groups only commands, mentions and replies), buttons, flood control.
import { Composer, type Context } from 'grammy';
import type { MessageEntity } from 'grammy/types';
import { dispatchText, findCommand, floodNotice, parseOptions, runCommand, type FloodGuard } from '../../../commands/index.js';
import type { CommandContext, Reply } from '../../../commands/types.js';
import type { Logger } from '../../logger.js';
import { beginInteraction, commandOfText, loggingFailures } from '../../observability/interaction.js';
import type { Metrics } from '../../observability/types.js';
import { commandContext, memoryKey, type ContextDeps } from './context.js';
import { decodeAction } from './keyboard.js';
import { sendReply } from './send.js';

export interface HandlerDeps extends ContextDeps {
  logger: Logger;
  metrics: Metrics;
  flood: FloodGuard;
}

export const STALE_BUTTON = 'Sorry, that button no longer works. Send /help to see what I can do.';
/** Telegram's limit on the text of answerCallbackQuery. */
const CALLBACK_TEXT_LIMIT = 200;

/** The text the bot should act on, or undefined when the message is not for it. */
export function addressedText(ctx: Context): string | undefined {
  const message = ctx.message;
  const text = message?.text;
  if (!message || text === undefined) return undefined;
  if (message.chat.type === 'private') return text;
  if (message.chat.type !== 'group' && message.chat.type !== 'supergroup') return undefined;
  const me = ctx.me;
  const command = /^\/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?/.exec(text);
  if (command) {
    const [, name = '', target] = command;
    if (target) return target.toLowerCase() === me.username.toLowerCase() ? text : undefined;
    return findCommand(name) ? text : undefined;
  }
  const mention = mentionOfBot(text, message.entities ?? [], me.username, me.id);
  if (mention) {
    const rest = (text.slice(0, mention.offset) + text.slice(mention.offset + mention.length)).replace(/\s+/g, ' ').trim();
    return rest || '/help';
  }
  if (message.reply_to_message?.from?.id === me.id) return text;
  return undefined;
}

function mentionOfBot(text: string, entities: MessageEntity[], username: string, id: number): MessageEntity | undefined {
  return entities.find(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${username.toLowerCase()}`) ||
      (e.type === 'text_mention' && e.user.id === id),
  );
}

/** Flood check, typing indicator (unless told not to), produce the reply, send it; logged and measured as one interaction. */
async function respond(ctx: Context, deps: HandlerDeps, command: string, produce: (c: CommandContext) => Promise<Reply | undefined>, typing = true): Promise<void> {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const interaction = beginInteraction(deps, 'telegram', { chat: chatId, update: ctx.update.update_id, command });
  const userKey = String(ctx.from?.id ?? chatId);
  const replyTo = ctx.chat?.type === 'private' ? undefined : ctx.message?.message_id;
  const verdict = deps.flood.check(userKey);
  if (verdict === 'drop') {
    interaction.log.debug('dropped: the user is over the flood limit');
    return;
  }
  try {
    if (verdict === 'warn') {
      const notice = floodNotice(deps.flood.retryInSeconds(userKey));
      await sendReply(ctx.api, chatId, notice, { replyTo });
      interaction.done(notice);
      return;
    }
    const shown = typing ? ctx.api.sendChatAction(chatId, 'typing').catch((error: unknown) => interaction.log.debug('typing indicator failed', { error })) : undefined;
    try {
      // The chat's follow-up memory, as the instance that answered its last question left it (shared between
      // webhook instances in PostgreSQL mode), saved before the reply goes out so the next question finds it.
      const key = memoryKey(chatId);
      await deps.app.chats.load(key);
      const context = commandContext(ctx, deps);
      const reply = await produce({ ...context, services: loggingFailures(context.services, interaction.log, interaction) });
      await deps.app.chats.save(key, context.state);
      if (reply) await sendReply(ctx.api, chatId, reply, { replyTo });
      interaction.done(reply);
    } finally {
      await shown;
    }
  } catch (error) {
    interaction.failed();
    throw error;
  }
}

export function createHandlers(deps: HandlerDeps): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message:text', async (ctx) => {
    const input = addressedText(ctx);
    if (input === undefined) return;
    await respond(ctx, deps, commandOfText(input), (c) => dispatchText(input, c, ctx.me.username));
  });

  composer.on('callback_query:data', async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data);
    const command = action && findCommand(action.command);
    const parsed = command ? parseOptions(command, action.args ?? '') : undefined;
    if (!action || !command || !parsed || 'error' in parsed || ctx.chat === undefined) {
      deps.logger.info('refused callback data', { data: ctx.callbackQuery.data.slice(0, 64), chat: ctx.chat?.id, update: ctx.update.update_id });
      await ctx.answerCallbackQuery({ text: STALE_BUTTON });
      return;
    }
    // A short acknowledgement (a rating) answers the query as a toast and leaves the message as it is; any other
    // reply is sent as a new message once the query is answered. The button's own spinner stands for "typing".
    let answered = false;
    try {
      await respond(
        ctx,
        deps,
        command.name,
        async (c) => {
          const reply = await runCommand(command.name, parsed.options, c);
          answered = true;
          if (reply.kind === 'ack') {
            await ctx.answerCallbackQuery({ text: reply.text.slice(0, CALLBACK_TEXT_LIMIT) });
            return undefined;
          }
          await ctx.answerCallbackQuery();
          return reply;
        },
        false,
      );
    } finally {
      // Held back by the flood guard, or the command failed: stop the spinner all the same.
      if (!answered) await ctx.answerCallbackQuery().catch(() => undefined);
    }
  });

  // Game buttons and anything else without data.
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: STALE_BUTTON }));

  return composer;
}
