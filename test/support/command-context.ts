// A command context over the bundled core, as a platform-free chat would have it.
import type { CommandContext } from '../../commands/index.js';
import { bundledCore } from './core.js';

export function testContext(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    core: bundledCore(),
    platform: 'console',
    chat: { id: 'test-chat', type: 'private' },
    user: { id: 'u1', name: 'Tester', isChatAdmin: async () => true },
    isAdmin: false,
    state: { recentEntities: [] },
    services: {},
    ...overrides,
  };
}
