// The command context of the console: one local chat, its user an administrator.
import type { CommandContext } from '../../../commands/types.js';
import type { App } from '../../app.js';

export function consoleContext(app: App, services: CommandContext['services'] = {}): CommandContext {
  return {
    core: app.core,
    platform: 'console',
    chat: { id: 'console', type: 'private' },
    user: { id: 'local', name: 'you', isChatAdmin: async () => true },
    isAdmin: true,
    state: app.memory.get('console'),
    services,
  };
}
