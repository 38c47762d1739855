// Free-text questions: any message in a DM, and messages that mention the bot in a server channel.
import { PermissionsBitField, type Message } from 'discord.js';
import { admit, dispatchText } from '../../../commands/index.js';
import type { Reply } from '../../../commands/types.js';
import { plainInput } from './command-data.js';
import { discordContext, withChatMemory } from './context.js';
import { describeError } from './errors.js';
import { NO_MENTIONS_OPTION, type InteractionDeps } from './interactions.js';
import { renderDiscordReply } from './render.js';
import { beginInteraction, commandOfText, loggingFailures } from '../../observability/interaction.js';

export type MessageDeps = Omit<InteractionDeps, 'deferAfterMs'>;

/** The question in a message, or undefined when the message is not for the bot. */
export function questionOf(message: Message, botId: string): string | undefined {
  if (message.author.bot || message.system || message.author.id === botId) return undefined;
  const inDm = !message.inGuild();
  const mentioned = message.mentions.users.has(botId) || new RegExp(`<@!?${botId}>`).test(message.content);
  if (!inDm && !mentioned) return undefined;
  return plainInput(message.content);
}

const HINT: Reply = {
  kind: 'notice',
  tone: 'info',
  text: 'Ask me a question about Hong Kong innovation and technology, for example "What did CATL announce?", or try /help.',
};

/** Answer a message that is for the bot, in the same channel, replying to it without pinging anyone. */
export async function handleMessage(message: Message, deps: MessageDeps): Promise<void> {
  const bot = message.client.user;
  const question = questionOf(message, bot.id);
  if (question === undefined || !message.channel.isSendable()) return;
  const channel = message.channel;
  const scope = beginInteraction(deps, 'discord', { chat: message.channelId, update: message.id, command: commandOfText(question) });
  const gate = admit(deps.flood, `discord:${message.author.id}`);
  if (!gate.pass) {
    const [warning] = gate.reply ? renderDiscordReply(gate.reply) : [];
    if (warning) await message.reply({ embeds: warning.embeds, allowedMentions: NO_MENTIONS_OPTION, failIfNotExists: false }).catch(() => undefined);
    scope.log.debug(warning ? 'warned: the user is over the flood limit' : 'dropped: the user is over the flood limit');
    return;
  }
  try {
    await channel.sendTyping().catch(() => undefined);
    const ctx = discordContext(deps, {
      channelId: message.channelId,
      guildId: message.guildId,
      userId: message.author.id,
      userName: message.author.username,
      permissions: async () => {
        if (!message.inGuild()) return null;
        const member = message.member ?? (await message.guild.members.fetch(message.author.id));
        return member.permissions ?? new PermissionsBitField();
      },
    });
    const logged = { ...ctx, services: loggingFailures(ctx.services, scope.log, scope) };
    const reply = (await withChatMemory(deps, logged, () => dispatchText(question, logged, bot.username))) ?? HINT;
    const [first, ...rest] = renderDiscordReply(reply);
    if (first) {
      const options = (m: typeof first) => ({ embeds: m.embeds, components: m.components, allowedMentions: NO_MENTIONS_OPTION });
      await message.reply({ ...options(first), failIfNotExists: false });
      for (const m of rest) await channel.send(options(m));
    }
    scope.done(first ? reply : undefined);
  } catch (error) {
    scope.failed();
    scope.log.error('message failed', { user: message.author.id, guild: message.guildId, error: describeError(error) });
    const [sorry] = renderDiscordReply({ kind: 'notice', tone: 'error', text: 'Sorry, something went wrong while answering. Please try again in a moment.' });
    if (sorry) await channel.send({ embeds: sorry.embeds, allowedMentions: NO_MENTIONS_OPTION }).catch(() => undefined);
  }
}
