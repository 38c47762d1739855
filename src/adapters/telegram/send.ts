// Sends a rendered Reply: HTML parts within the limit, the keyboard under the last, plain text if Telegram refuses the markup.
import { GrammyError, type Api } from 'grammy';
import type { Reply } from '../../../commands/types.js';
import { buildKeyboard } from './keyboard.js';
import { renderReply, toPlainText } from './render.js';
import { splitHtml } from './split.js';

export interface SendOptions {
  /** Answer as a reply to this message (groups), if it still exists. */
  replyTo?: number;
}

/** Send a reply as one or more messages; returns how many were sent. Platform errors other than bad markup propagate. */
export async function sendReply(api: Api, chatId: number, reply: Reply, options: SendOptions = {}): Promise<number> {
  const parts = splitHtml(renderReply(reply));
  const keyboard = buildKeyboard(reply.actions);
  for (const [i, part] of parts.entries()) {
    const other = {
      link_preview_options: { is_disabled: true },
      ...(i === 0 && options.replyTo ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } } : {}),
      ...(i === parts.length - 1 && keyboard ? { reply_markup: keyboard } : {}),
    };
    try {
      await api.sendMessage(chatId, part, { ...other, parse_mode: 'HTML' });
    } catch (error) {
      // Should never happen (render escapes everything), but a message is better than none.
      if (!(error instanceof GrammyError) || error.error_code !== 400 || !/parse entities/i.test(error.description)) throw error;
      await api.sendMessage(chatId, toPlainText(part).slice(0, 4096), other);
    }
  }
  return parts.length;
}
