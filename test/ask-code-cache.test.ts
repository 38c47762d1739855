// The compiled `npm run ask` keeps V8's code cache beside its bundle: the answer is the same with it, without it, and
// with a damaged one, which is made again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bundle = join('dist', 'bundle');
const dataDir = mkdtempSync(join(tmpdir(), 'ask-cache-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ask = (question: string) => spawnSync(process.execPath, [join(bundle, 'ask.js'), question], { encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir }, timeout: 20_000 });
const cacheFiles = () => readdirSync(bundle).filter((name) => name.startsWith('.ask-core-') && name.endsWith('.cache'));

describe('npm run ask with a code cache', () => {
  it('answers the same without a cache, with the one it made, and with a damaged one it replaces', () => {
    for (const name of cacheFiles()) rmSync(join(bundle, name), { force: true });
    const first = ask('What did CATL announce?');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('CATL');
    expect(cacheFiles()).toHaveLength(1);
    const cache = join(bundle, cacheFiles()[0]!);
    expect(statSync(cache).size).toBeGreaterThan(10_000);

    const second = ask('What did CATL announce?');
    expect(second.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);

    writeFileSync(cache, 'not a code cache');
    const third = ask('What did CATL announce?');
    expect(third.status).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    expect(existsSync(cache) && statSync(cache).size).toBeGreaterThan(10_000);
  });
});
