// `npm run discord:deploy`: registers every command of the registry with Discord (DISCORD_GUILD_ID: one server, instantly).
import { parseArgs } from 'node:util';
import { registry } from '../commands/index.js';
import { deployCommands } from '../src/adapters/discord/deploy.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { redact, registerSecret } from '../src/logger.js';

async function main(): Promise<number> {
  // No options: where to deploy comes from the environment (DISCORD_GUILD_ID). Anything else is a mistake to report.
  parseArgs({ args: process.argv.slice(2), options: {} });
  const config = loadConfig();
  registerSecret(config.DISCORD_TOKEN);
  const { scope, names } = await deployCommands({ config, commands: registry });
  const where = scope === 'guild' ? `server ${config.DISCORD_GUILD_ID} (available now)` : 'all servers and DMs (global: may take up to an hour to appear)';
  process.stdout.write(`Deployed ${names.length} commands to ${where}: ${names.map((n) => `/${n}`).join(' ')}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error && !(error instanceof ConfigError) ? `discord:deploy failed: ${error.message}` : String(error instanceof Error ? error.message : error);
    process.stderr.write(`${redact(message)}\n`);
    process.exitCode = 1;
  },
);
