// Registers the registry's slash commands with Discord: to one server (instant) or globally.
import { REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../../commands/types.js';
import type { Config } from '../../config.js';
import { registerSecret } from '../../logger.js';
import { buildCommandData } from './command-data.js';

export interface DeployResult {
  scope: 'guild' | 'global';
  names: string[];
}

type DeployConfig = Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_GUILD_ID' | 'DISCORD_API_ROOT'>;

/**
 * PUT the commands (replacing the old set): to DISCORD_GUILD_ID when set, else globally.
 *
 * @example
 * const { scope, names } = await deployCommands({ config: loadConfig(), commands: registry });
 */
export async function deployCommands(options: { config: DeployConfig; commands: readonly CommandDefinition[] }): Promise<DeployResult> {
  const { config } = options;
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    throw new Error('discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (Developer Portal → your application) to deploy commands.');
  }
  registerSecret(config.DISCORD_TOKEN);
  const rest = new REST(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT } : {}).setToken(config.DISCORD_TOKEN);
  const body = buildCommandData(options.commands);
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(config.DISCORD_APPLICATION_ID, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(config.DISCORD_APPLICATION_ID);
  await rest.put(route, { body });
  return { scope: config.DISCORD_GUILD_ID ? 'guild' : 'global', names: body.map((c) => c.name) };
}
