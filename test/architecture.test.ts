import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const PLATFORM = /from ['"](grammy|discord\.js|@discordjs\/[^'"]+|@grammyjs\/[^'"]+)['"]/;

describe('architecture', () => {
  it('keeps the core and the commands free of platform libraries', () => {
    const offending = [...files('src/core'), ...files('commands')].filter((f) => PLATFORM.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('keeps the core free of adapters and alerts (dependencies point inwards)', () => {
    const offending = files('src/core').filter((f) => /from ['"][./]*(adapters|alerts)\//.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('starts every source module with a header comment', () => {
    const missing = [...files('src'), ...files('commands')].filter((f) => !readFileSync(f, 'utf8').startsWith('//'));
    expect(missing).toEqual([]);
  });
});
