// The compiled `npm run ask` (dist/bundle/ask.js): runs the ask bundle (ask-core.cjs, beside it) with V8's code cache.
//
// Node 20 has no compile cache for ES modules (module.enableCompileCache came in Node 22), so `ask` is also bundled
// as one CommonJS script, compiled here with node:vm. After a run that answered, the code V8 compiled for it (the
// functions the answer needed included) is kept beside the bundle; the next start takes it instead of parsing and
// compiling again, a good part of the time to a first answer. V8 refuses a cache made for other code or another
// V8 (it is then made again), a folder that cannot be written only costs the speed, and nothing else is imported
// here: the bundle loads what it needs.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, 'ask-core.cjs');
const cacheFile = join(here, `.ask-core-${process.version}-${process.arch}.cache`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet: this run makes one.
}
// The build left the bundle ASCII only (scripts/build.mjs): read as Latin-1, it is the same text, decoded faster.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'latin1')}\n})`, {
  filename: file,
  ...(cachedData ? { cachedData } : {}),
});

// A run that asked something (not --help or a usage error) compiled what answering needs: that is the cache to keep.
const asked = process.argv.slice(2).some((arg) => arg === '--json' || !arg.startsWith('-'));
if (asked && (!cachedData || script.cachedDataRejected)) {
  process.once('beforeExit', () => {
    if (process.exitCode) return;
    const partial = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    } catch {
      // A read-only install: every start compiles, as without a cache.
      rmSync(partial, { force: true });
    }
  });
}

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, here);
