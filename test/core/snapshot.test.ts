// Start-up from a snapshot: the same answers as a fresh load, and a changed knowledge file makes a new one.
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQueryCore } from '../../src/core/index.js';
import { writeFixtureKnowledge } from '../support/fixture-knowledge.js';

describe('snapshot', () => {
  it('answers as a fresh load does, and is rebuilt when a knowledge file changes', () => {
    const dir = writeFixtureKnowledge();
    const cache = join(mkdtempSync(join(tmpdir(), 'snap-')), 'cache');
    const first = loadQueryCore(dir, cache);
    const second = loadQueryCore(dir, cache);
    expect(first.snapshot).toBe('written');
    expect(second.snapshot).toBe('hit');
    for (const question of ['How many engineers will Acme hire?', 'Who is Jane Doe?', 'What did Acme Robotics announce?', 'How do I bake bread?']) {
      expect(second.core.ask(question)).toEqual(first.core.ask(question));
    }
    expect(second.core.profile('Acme')?.entity.id).toBe('acme-robotics');
    appendFileSync(join(dir, 'sources', 'test-article.md'), '\nAcme Robotics also plans a second lab in Kowloon.\n');
    const third = loadQueryCore(dir, cache);
    expect(third.snapshot).toBe('written');
    expect(third.core.search('second lab Kowloon').hits.length).toBeGreaterThan(0);
  });
});
