// Slash commands, autocomplete and buttons: run the registry's command, defer when slow, reply with embeds.
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  type RepliableInteraction,
} from 'discord.js';
import { admit, findCommand, parseOptions, runCommand, type FloodGuard } from '../../../commands/index.js';
import type { Reply } from '../../../commands/types.js';
import type { Logger } from '../../logger.js';
import { beginInteraction, loggingFailures } from '../../observability/interaction.js';
import type { Metrics } from '../../observability/types.js';
import { readOptions } from './command-data.js';
import { decodeAction } from './components.js';
import { discordContext, withChatMemory, type ContextDeps } from './context.js';
import { DISCORD_LIMITS, truncate } from './embeds.js';
import { describeError } from './errors.js';
import { renderDiscordReply, type DiscordMessage } from './render.js';

export interface InteractionDeps extends ContextDeps {
  logger: Logger;
  metrics: Metrics;
  /** Defer (the user sees "thinking…") when the answer is not ready after this long. Discord allows 3 s in all. */
  deferAfterMs: number;
  /** Per-user flood protection, shared by commands, buttons and messages. */
  flood: FloodGuard;
  /** The interaction being handled, to count a command's failure against (set per interaction). */
  counted?: { failed(): void };
}

/** allowed_mentions for every reply: nothing a user typed can ping anyone. */
export const NO_MENTIONS_OPTION = { parse: [], repliedUser: false } as const;

/** discord.js reply options of a rendered message. */
export function replyOptions(message: DiscordMessage): InteractionReplyOptions & { allowedMentions: typeof NO_MENTIONS_OPTION } {
  return {
    embeds: message.embeds,
    components: message.components,
    allowedMentions: NO_MENTIONS_OPTION,
    ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

const SORRY: Reply = { kind: 'notice', tone: 'error', text: 'Sorry, something went wrong while answering. Please try again in a moment.' };

function contextOf(interaction: RepliableInteraction | AutocompleteInteraction, deps: ContextDeps & Pick<InteractionDeps, 'logger' | 'counted'>) {
  const ctx = discordContext(deps, {
    channelId: interaction.channelId ?? interaction.user.id,
    guildId: interaction.guildId,
    userId: interaction.user.id,
    userName: interaction.user.username,
    permissions: async () => interaction.memberPermissions,
  });
  return { ...ctx, services: loggingFailures(ctx.services, deps.logger, deps.counted) };
}

/** Route one interaction; every failure is logged with context and shown to the user privately. */
export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  if (interaction.isAutocomplete()) {
    // Each keystroke is one: not worth a log line or a latency sample.
    try {
      await autocomplete(interaction, deps);
    } catch (error) {
      deps.logger.warn('autocomplete failed', { update: interaction.id, chat: interaction.channelId, command: interaction.commandName, error: describeError(error) });
    }
    return;
  }
  const command = interaction.isChatInputCommand() ? interaction.commandName : interaction.isButton() ? (decodeAction(interaction.customId)?.command ?? 'button') : 'other';
  const scope = beginInteraction(deps, 'discord', { chat: interaction.channelId ?? undefined, update: interaction.id, command });
  const gate = admit(deps.flood, `discord:${interaction.user.id}`);
  if (!gate.pass) {
    // One warning, shown only to the user; after that, silence until the window has room again.
    if (gate.reply && interaction.isRepliable()) await showPrivately(interaction, gate.reply, scope.log);
    scope.log.debug(gate.reply ? 'warned: the user is over the flood limit' : 'dropped: the user is over the flood limit');
    return;
  }
  try {
    let reply: Reply | undefined;
    const scoped = { ...deps, logger: scope.log, counted: scope };
    if (interaction.isChatInputCommand()) reply = await slashCommand(interaction, scoped);
    else if (interaction.isButton()) reply = await button(interaction, scoped);
    scope.done(reply);
  } catch (error) {
    scope.failed();
    scope.log.error('interaction failed', { user: interaction.user.id, guild: interaction.guildId, error: describeError(error) });
    if (interaction.isRepliable()) await showPrivately(interaction, SORRY, scope.log);
  }
}

async function autocomplete(interaction: AutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const command = findCommand(interaction.commandName);
  const focused = interaction.options.getFocused(true);
  const option = command?.options.find((o) => o.name === focused.name);
  const typed = String(focused.value ?? '').trim().slice(0, 100);
  let choices: Array<{ name: string; value: string }> = [];
  if (option?.choices?.length) {
    choices = option.choices.filter((c) => c.name.toLowerCase().includes(typed.toLowerCase())).map((c) => ({ name: c.name, value: c.value }));
  } else if (option?.autocomplete === 'entity') {
    choices = deps.app.core.complete(typed, DISCORD_LIMITS.autocompleteChoices).map((c) => ({
      name: truncate(c.matched ? `${c.name} (${c.matched})` : c.name, DISCORD_LIMITS.choiceName),
      value: c.name.length <= DISCORD_LIMITS.choiceValue ? c.name : c.id,
    }));
  }
  await interaction.respond(choices.slice(0, DISCORD_LIMITS.autocompleteChoices));
}

/** Show a reply only to its user and return it. */
async function privately(interaction: RepliableInteraction, reply: Reply, logger: Logger): Promise<Reply> {
  await showPrivately(interaction, reply, logger);
  return reply;
}

async function slashCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<Reply> {
  const command = findCommand(interaction.commandName);
  if (!command) return privately(interaction, { kind: 'notice', tone: 'error', text: `I no longer have /${interaction.commandName}. Try /help.` }, deps.logger);
  const ctx = contextOf(interaction, deps);
  return respond(interaction, () => withChatMemory(deps, ctx, () => runCommand(command.name, readOptions(command, interaction.options), ctx)), deps);
}

async function button(interaction: ButtonInteraction, deps: InteractionDeps): Promise<Reply> {
  const action = decodeAction(interaction.customId);
  const command = action && findCommand(action.command);
  if (!action || !command) return privately(interaction, { kind: 'notice', tone: 'info', text: 'That button is from an older message and no longer works. Try /help.' }, deps.logger);
  const parsed = parseOptions(command, action.args);
  if ('error' in parsed) return privately(interaction, { kind: 'notice', tone: 'error', text: parsed.error }, deps.logger);
  const ctx = contextOf(interaction, deps);
  return respond(interaction, () => withChatMemory(deps, ctx, () => runCommand(command.name, parsed.options, ctx)), deps);
}

/** Run the work; if it is not done within deferAfterMs, defer first, then edit the deferred reply. Returns the reply. */
export async function respond(interaction: RepliableInteraction, work: () => Reply | Promise<Reply>, deps: Pick<InteractionDeps, 'deferAfterMs'>): Promise<Reply> {
  const pending = Promise.resolve().then(work);
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    pending.then((reply) => ({ reply })),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deps.deferAfterMs);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!early) await interaction.deferReply();
  const reply = early ? early.reply : await pending;
  const [first, ...rest] = renderDiscordReply(reply);
  if (!first) return reply;
  if (!interaction.deferred) {
    await interaction.reply(replyOptions(first));
  } else if (first.ephemeral) {
    // A deferred reply is public: replace it with a private follow-up.
    await interaction.deleteReply();
    await interaction.followUp(replyOptions(first));
  } else {
    await interaction.editReply({ embeds: first.embeds, components: first.components, allowedMentions: NO_MENTIONS_OPTION });
  }
  for (const message of rest) await interaction.followUp(replyOptions(message));
  return reply;
}

/** Show a reply only to the user, whatever state the interaction is in; never throws. */
async function showPrivately(interaction: RepliableInteraction, reply: Reply, logger: Logger): Promise<void> {
  const [message] = renderDiscordReply(reply);
  if (!message) return;
  const options = replyOptions({ ...message, ephemeral: true });
  try {
    if (interaction.deferred && !interaction.replied) {
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(options);
    } else if (interaction.replied) {
      await interaction.followUp(options);
    } else {
      await interaction.reply(options);
    }
  } catch (error) {
    logger.warn('could not show an error to the user', { interaction: interaction.id, error: describeError(error) });
  }
}
