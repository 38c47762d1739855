// The registry as Discord application commands (for deploy) and Discord option values back to plain OptionValues.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type CommandInteractionOptionResolver,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption, OptionValues } from '../../../commands/types.js';

function optionData(option: CommandOption): APIApplicationCommandBasicOption {
  const common = { name: option.name, description: option.description.slice(0, 100), required: option.required };
  if (option.type === 'integer') {
    return {
      ...common,
      type: ApplicationCommandOptionType.Integer,
      ...(option.min !== undefined ? { min_value: option.min } : {}),
      ...(option.max !== undefined ? { max_value: option.max } : {}),
      ...(option.choices?.length ? { choices: option.choices.map((c) => ({ name: c.name, value: Number(c.value) })) } : {}),
    };
  }
  // Discord refuses autocomplete together with fixed choices: fixed choices win.
  const choices = option.choices?.length ? option.choices.map((c) => ({ name: c.name, value: c.value })) : undefined;
  return {
    ...common,
    type: ApplicationCommandOptionType.String,
    ...(option.maxLength !== undefined ? { max_length: Math.min(option.maxLength, 6000) } : {}),
    ...(choices ? { choices } : option.autocomplete ? { autocomplete: true } : {}),
  };
}

/**
 * The body of PUT /applications/{id}/commands: every command of the registry, options and descriptions from it.
 * Required options come first (a Discord rule). Admin commands are hidden from members (default_member_permissions
 * "0": server admins may grant them) and still refused to anyone not in ADMIN_IDS when run.
 */
export function buildCommandData(commands: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return commands.map((command) => {
    const options = [...command.options].sort((a, b) => Number(b.required) - Number(a.required)).map(optionData);
    return {
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      description: command.description,
      options,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      ...(command.admin ? { default_member_permissions: '0' } : {}),
    };
  });
}

/** User input without Discord's markup for mentions, channels, custom emoji and timestamps (the core cannot read it). */
export function plainInput(text: string): string {
  return text
    .replace(/<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|<t:-?\d+(?::[tTdDfFR])?>/g, ' ')
    .replace(/(^|\s)@(?:everyone|here)\b/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Read a slash command's options as the registry declares them (text options as plain input). */
export function readOptions(command: CommandDefinition, options: Pick<CommandInteractionOptionResolver, 'get'>): OptionValues {
  const values: OptionValues = {};
  for (const option of command.options) {
    const value = options.get(option.name)?.value;
    if (typeof value === 'number') values[option.name] = value;
    else if (typeof value === 'string') values[option.name] = plainInput(value);
  }
  return values;
}
