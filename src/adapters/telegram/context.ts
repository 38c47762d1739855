// The command context of a Telegram update: chat, user, admin checks and the chat's follow-up memory.
import type { Context } from 'grammy';
import type { CommandContext, CommandServices } from '../../../commands/types.js';
import type { App } from '../../app.js';

/** Telegram's service account that posts for anonymous group admins. */
const ANONYMOUS_ADMIN = 1087968824;

export interface ContextDeps {
  app: App;
  adminIds: readonly string[];
  services: CommandServices;
}

export function chatKind(type: string | undefined): CommandContext['chat']['type'] {
  if (type === 'group' || type === 'supergroup') return 'group';
  if (type === 'channel') return 'channel';
  return 'private';
}

/** Memory key of a chat, apart from other platforms' chats. */
export const memoryKey = (chatId: number | string) => `telegram:${chatId}`;

export function commandContext(ctx: Context, deps: ContextDeps): CommandContext {
  const chatId = ctx.chat?.id ?? ctx.from?.id ?? 0;
  const type = chatKind(ctx.chat?.type);
  const from = ctx.from;
  const userId = from?.id ?? 0;
  let adminCheck: Promise<boolean> | undefined;
  const isChatAdmin = () => {
    if (type === 'private') return Promise.resolve(true);
    const anonymous = from?.id === ANONYMOUS_ADMIN || ctx.msg?.sender_chat?.id === chatId;
    if (anonymous) return Promise.resolve(true);
    adminCheck ??= ctx.api
      .getChatMember(chatId, userId)
      .then((member) => member.status === 'creator' || member.status === 'administrator')
      .catch(() => false);
    return adminCheck;
  };
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ') || from?.username;
  return {
    core: deps.app.core,
    platform: 'telegram',
    chat: { id: String(chatId), type },
    user: { id: String(userId), ...(name ? { name } : {}), isChatAdmin },
    isAdmin: deps.adminIds.includes(`telegram:${userId}`),
    state: deps.app.memory.get(memoryKey(chatId)),
    services: deps.services,
  };
}
