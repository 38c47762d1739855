// `npm run demo:metrics`: the compiled bot against a local Telegram stand-in and two local feeds (one down), two
// questions, a reply that meets a 429, a subscription and one alert; then prints its /metrics and /healthz.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFeedServer } from '../test/support/feed-server.js';
import { startTelegramStandIn } from '../test/support/telegram-stand-in.js';

const progress = (line: string) => process.stderr.write(`demo:metrics: ${line}\n`);
const api = await startTelegramStandIn();
const feeds = await startFeedServer();
feeds.set('/rss', { kind: 'rss', entries: [{ guid: '1', title: 'HKSTP news', link: 'https://example.org/1', description: '<p>HKSTP said things.</p>' }] });
feeds.set('/down', { kind: 'raw', status: 503, body: 'down' });
const dataDir = mkdtempSync(join(tmpdir(), 'metrics-demo-'));
let logs = '';
progress('starting node dist/src/main.js with METRICS_PORT=0…');
const bot = spawn(process.execPath, ['dist/src/main.js'], {
  env: { ...process.env, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DISCORD_TOKEN: '', METRICS_PORT: '0', LOG_FORMAT: 'json', ADMIN_IDS: 'telegram:601', FEEDS: `${feeds.url('/rss')},${feeds.url('/down')}`, FEED_POLL_SECONDS: '5', FEEDS_ALLOW_ADDRESSES: '127.0.0.1', DATA_DIR: dataDir },
  stdio: ['ignore', 'ignore', 'pipe'],
});
bot.stderr.on('data', (d: Buffer) => (logs += d.toString()));
try {
  await api.waitFor((c) => c.method === 'getUpdates', 15_000);
  const url = (JSON.parse(logs.split('\n').find((l) => l.includes('"msg":"listening"'))!) as { url: string }).url;
  const chat = { chatId: 601, userId: 601 };
  progress('two questions, a reply that meets a 429, /subscribe CATL, /announce…');
  api.sendText('What did CATL announce?', chat);
  api.sendText('What is the capital of Japan?', chat);
  await api.waitForMessages(601, 2, 15_000);
  api.failNext('sendMessage', { status: 429, retry_after: 1, description: 'Too Many Requests: retry after 1' });
  api.sendText('/subscribe CATL', chat);
  await api.waitForMessages(601, 3, 15_000);
  api.sendText('/announce CATL opens a battery lab | CATL will open a battery research lab in Hong Kong.', chat);
  await api.waitForMessages(601, 5, 15_000);
  await new Promise((r) => setTimeout(r, 2000));
  console.log((await (await fetch(`${url}/metrics`)).text()).split('\n').filter((l) => l.startsWith('hkbot_')).join('\n'));
  console.log(await (await fetch(`${url}/healthz`)).text());
} finally {
  bot.kill('SIGTERM');
  await new Promise((r) => bot.on('exit', r));
  await api.stop();
  await feeds.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
