// The benchmark's Bot API sink in a process of its own (at real-time priority when measuring arrival times under
// Telegram's limits, so that its own scheduling on a loaded machine does not skew them); a control port reports
// what it received: GET / with the arrival times, GET /count without them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLeanSink } from './lean-sink.js';

const sink = await startLeanSink();
const control = createServer((req, res) => {
  const counts = { chats: sink.perChat.size, repeats: sink.repeats(), total: sink.times.length };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.url === '/count' ? counts : { ...counts, times: sink.times }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ apiRoot: sink.apiRoot, token: sink.token, control: `http://127.0.0.1:${(control.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => {
  control.close();
  void sink.stop().then(() => process.exit(0));
});
