// `npm run discord:deploy` (scripts/discord-deploy.ts) sends the registry's commands to the local stand-in.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../commands/index.js';
import { buildCommandData, deployCommands } from '../../../src/adapters/discord/index.js';
import { snowflake, startDiscordStandIn, type DiscordStandIn } from '../../support/discord-stand-in.js';
import { TOKEN } from './harness.js';

const run = promisify(execFile);
let standIn: DiscordStandIn;
beforeAll(async () => {
  standIn = await startDiscordStandIn();
});
afterAll(async () => {
  await standIn?.stop();
});

function deploy(guildId: string) {
  const env = {
    ...process.env,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: standIn.applicationId,
    DISCORD_GUILD_ID: guildId,
    DISCORD_API_ROOT: standIn.apiRoot,
    TELEGRAM_BOT_TOKEN: '',
  };
  return run(process.execPath, ['--enable-source-maps', 'dist/scripts/discord-deploy.js'], { env, timeout: 15_000 });
}

type Sent = Array<{ name: string; description: string; options: Array<{ name: string; type: number; required: boolean; autocomplete?: boolean; max_length?: number }> }>;

describe('discord:deploy', () => {
  it('registers every command of the registry to the development server, instantly', async () => {
    const guildId = snowflake();
    const { stdout, stderr } = await deploy(guildId);
    const call = await standIn.waitForCall({ method: 'PUT', path: `/applications/${standIn.applicationId}/guilds/${guildId}/commands` });
    const body = call.body as Sent;
    expect(body.map((c) => c.name)).toEqual(registry.map((c) => c.name));
    expect(body.map((c) => c.description)).toEqual(registry.map((c) => c.description));
    expect(body.find((c) => c.name === 'org')?.options).toEqual([
      expect.objectContaining({ name: 'name', type: 3, required: true, autocomplete: true, max_length: 100 }),
    ]);
    expect(stdout).toContain(`Deployed ${registry.length} commands to server ${guildId}`);
    expect(stderr).not.toContain(TOKEN);
  });

  it('registers globally when no server is set', async () => {
    const config = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: standIn.applicationId, DISCORD_GUILD_ID: undefined, DISCORD_API_ROOT: standIn.apiRoot };
    const result = await deployCommands({ config, commands: registry });
    const call = await standIn.waitForCall({ method: 'PUT', path: `/applications/${standIn.applicationId}/commands` });
    expect((call.body as Sent).map((c) => c.name)).toEqual(registry.map((c) => c.name));
    expect(result).toEqual({ scope: 'global', names: registry.map((c) => c.name) });
  });

  it('puts required options first, keeps integer bounds and hides admin commands from members', () => {
    const [data] = buildCommandData([
      {
        name: 'feeds',
        description: 'Feed health',
        usage: '/feeds',
        admin: true,
        options: [
          { name: 'limit', description: 'How many', type: 'integer', required: false, min: 1, max: 50 },
          { name: 'feed', description: 'Which feed', type: 'string', required: true, choices: [{ name: 'All', value: 'all' }] },
        ],
        run: () => ({ kind: 'notice', tone: 'info', text: 'ok' }),
      },
    ]);
    expect(data?.default_member_permissions).toBe('0');
    expect(data?.options).toEqual([
      { name: 'feed', description: 'Which feed', required: true, type: 3, choices: [{ name: 'All', value: 'all' }] },
      { name: 'limit', description: 'How many', required: false, type: 4, min_value: 1, max_value: 50 },
    ]);
  });
});
