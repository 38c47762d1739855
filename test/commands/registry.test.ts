import { describe, expect, it } from 'vitest';
import { defineCommand, registry } from '../../commands/index.js';

describe('the command registry', () => {
  it('holds every core command once', () => {
    const names = registry.map((c) => c.name);
    for (const name of ['start', 'help', 'ask', 'org', 'search', 'latest', 'sources', 'about']) expect(names).toContain(name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(registry.map((c) => [c.name, c] as const))('/%s fits both Telegram and Discord rules', (_name, command) => {
    // Telegram: /^[a-z0-9_]{1,32}$/, description 1-256. Discord: /^[-_\p{L}\p{N}]{1,32}$/u lower case, description 1-100.
    expect(command.name).toMatch(/^[a-z0-9_]{1,32}$/);
    expect(command.description.length).toBeGreaterThanOrEqual(3);
    expect(command.description.length).toBeLessThanOrEqual(100);
    expect(command.options.length).toBeLessThanOrEqual(25);
    for (const option of command.options) {
      expect(option.name).toMatch(/^[a-z0-9_-]{1,32}$/);
      expect(option.description.length).toBeGreaterThanOrEqual(1);
      expect(option.description.length).toBeLessThanOrEqual(100);
      for (const choice of option.choices ?? []) expect(choice.name.length).toBeLessThanOrEqual(100);
    }
    // Discord: required options come before optional ones.
    const firstOptional = command.options.findIndex((o) => !o.required);
    if (firstOptional >= 0) expect(command.options.slice(firstOptional).every((o) => !o.required)).toBe(true);
    expect(command.usage.startsWith(`/${command.name}`)).toBe(true);
  });

  it('refuses a name either platform would reject', () => {
    expect(() => defineCommand({ name: 'Bad-Name', description: 'x'.repeat(10), usage: '/x', options: [], run: () => ({ kind: 'notice', tone: 'info', text: '' }) })).toThrow(/must match/);
    expect(() => defineCommand({ name: 'ok', description: 'x'.repeat(101), usage: '/ok', options: [], run: () => ({ kind: 'notice', tone: 'info', text: '' }) })).toThrow(/description/);
  });
});
