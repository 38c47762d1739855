// Two bot instances behind one token (webhook instances in PostgreSQL mode) share a chat's follow-up memory: a
// follow-up question that lands on the other instance still knows what "it" is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import type { StoredChatState } from '../../../src/storage/types.js';
import { freshUser, startHarness, type Harness } from './harness.js';

/** The store's two chat-state calls, kept in a map as PostgreSQL keeps them in a table. */
function memoryTable() {
  const rows = new Map<string, { state: StoredChatState; at: number }>();
  return {
    async loadChatState(chat: string, notBefore: number) {
      const row = rows.get(chat);
      return row && row.at >= notBefore ? row.state : undefined;
    },
    async saveChatState(chat: string, state: StoredChatState, now = Date.now()) {
      rows.set(chat, { state: { recentEntities: [...state.recentEntities] }, at: now });
    },
  };
}

let first: Harness;
let second: Harness;
beforeAll(async () => {
  const table = memoryTable();
  first = await startHarness({ app: createApp({ knowledgeDir: 'knowledge', sharedMemory: table }) });
  second = await startHarness({ app: createApp({ knowledgeDir: 'knowledge', sharedMemory: table }) });
});
afterAll(async () => {
  await first.stop();
  await second.stop();
});

describe('telegram: follow-up memory shared between instances', () => {
  it('a follow-up answered by the other instance is about what the first answer was about', async () => {
    const userId = freshUser();
    first.standIn.sendText('What did CATL announce?', { userId });
    const [answer] = await first.standIn.waitForMessages(userId, 1);
    expect(answer!.text).toContain('CATL');
    second.standIn.sendText('How many people will it hire?', { userId });
    const [followUp] = await second.standIn.waitForMessages(userId, 1);
    expect(followUp!.text).toContain('500');
  });
});
