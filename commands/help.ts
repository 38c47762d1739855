// /help and /start: what the bot can do, built from the registry so it never goes stale.
import { defineCommand } from './define-command.js';
import type { CommandContext, CommandDefinition, Reply } from './types.js';

/** Example questions drawn from what the knowledge base holds most about. */
function examples(ctx: CommandContext): string[] {
  const top = ctx.core.complete('', 25);
  const company = top.find((e) => e.type === 'company');
  const person = top.find((e) => e.type === 'person');
  const park = top.find((e) => e.type === 'park' || e.type === 'organisation');
  return [
    company ? `What did ${company.name} announce?` : undefined,
    person ? `Who is ${person.name}?` : undefined,
    park ? `Tell me about ${park.name}` : undefined,
  ].filter((x): x is string => x !== undefined);
}

export function helpReply(registry: readonly CommandDefinition[], ctx: CommandContext, title: string, intro: string): Reply {
  return {
    kind: 'help',
    title,
    intro,
    commands: registry.filter((c) => !c.admin || ctx.isAdmin).map((c) => ({ name: c.name, description: c.description, usage: c.usage })),
    examples: examples(ctx),
  };
}

/** help and start need the registry; it is passed in to keep the import graph one-way. */
export function createHelpCommands(getRegistry: () => readonly CommandDefinition[]) {
  const help = defineCommand({
    name: 'help',
    description: 'What I can do and how to ask',
    usage: '/help',
    options: [],
    run: (_options, ctx) =>
      helpReply(getRegistry(), ctx, 'How to use this bot', 'Ask a question in plain words (English or Chinese), or use a command:'),
  });
  const start = defineCommand({
    name: 'start',
    description: 'Start here: what this bot does',
    usage: '/start',
    options: [],
    run: (_options, ctx) =>
      helpReply(
        getRegistry(),
        ctx,
        "Hello! I answer questions about Hong Kong's innovation and technology ecosystem",
        'Every answer quotes the article it comes from. Ask me anything, for example the questions below, or use a command:',
      ),
  });
  return { help, start };
}
