// The benchmark's Bot API sink in a process of its own, at real-time priority when allowed, so the arrival times
// it records under Telegram's limits are not skewed by its own scheduling on a loaded machine; a control port reports them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBotApiSink } from '../../test/alerts/helpers/bot-api-sink.js';

const sink = await startBotApiSink();
const control = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ times: sink.times, chats: sink.perChat.size, repeats: sink.repeats() }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ apiRoot: sink.apiRoot, token: sink.token, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => {
  control.close();
  void sink.stop().then(() => process.exit(0));
});
