// Builds dist/ with tsc (source maps on), or, where TypeScript is not installed (npm ci --omit=dev), checks one was shipped.
//   node scripts/build.mjs             clean build (npm run build)
//   node scripts/build.mjs --if-stale  build only when a source file is newer than the last build (before npm start, ask, tests)
//   node scripts/build.mjs --prepare   npm's prepare hook: build when TypeScript is installed, never fail an install
// Plain JavaScript on purpose: it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const inputs = ['src', 'commands', 'scripts/discord-deploy.ts', 'tsconfig.json', 'tsconfig.build.json'];
const { values } = parseArgs({ options: { 'if-stale': { type: 'boolean' }, prepare: { type: 'boolean' } } });

function typescriptCompiler() {
  try {
    return join(dirname(createRequire(join(root, 'package.json')).resolve('typescript/package.json')), 'bin', 'tsc');
  } catch {
    return undefined;
  }
}

/** Newest modification time among the build's inputs (0 when none exists). */
function newestInput(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestInput(join(path, name))), stat.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return inputs.some((input) => newestInput(join(root, input)) > built);
}

function build(tsc) {
  const started = performance.now();
  rmSync(dist, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    // tsc writes the files even with type errors: remove them, so nothing half-checked ever runs.
    rmSync(dist, { recursive: true, force: true });
    process.stderr.write('build: tsc reported errors (above); dist/ was not written\n');
    return 1;
  }
  return bundle().then((ok) => {
    if (!ok) {
      rmSync(dist, { recursive: true, force: true });
      return 1;
    }
    writeFileSync(stamp, `${new Date().toISOString()}\n`);
    process.stderr.write(`build: dist/ compiled and bundled in ${Math.round(performance.now() - started)} ms\n`);
    return 0;
  });
}

/** Packages bundled into the start-up bundle: small, pure JavaScript and on every start's path. */
const BUNDLED_PACKAGES = ['zod', 'minisearch', 'stemmer', 'dotenv'];

/**
 * The compiled entry points that start a process (npm start, npm run ask) bundled with esbuild into dist/bundle/:
 * one file per entry instead of a few hundred modules to resolve and read is a good part of the time to a first
 * answer. What is imported lazily (a platform, PostgreSQL) stays in chunks of its own, loaded only when used.
 */
async function bundle() {
  const { build: esbuild } = await import('esbuild');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED_PACKAGES.includes(name));
  try {
    await esbuild({
      absWorkingDir: root,
      // The knowledge build's worker thread is found beside the code that starts it (src/core/off-thread.ts).
      // ask.js only starts ask-core.cjs (below) with V8's code cache (src/adapters/console/ask-start.ts).
      entryPoints: { main: 'dist/src/main.js', ask: 'dist/src/adapters/console/ask-start.js', 'build-worker': 'dist/src/core/build-worker.js' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: 'dist/bundle',
      sourcemap: 'linked',
      // Smaller to parse at every start; stack traces still name the TypeScript lines through the source maps.
      minify: true,
      external,
      // The CommonJS packages bundled (dotenv) require Node's modules.
      banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    // `npm run ask` as one CommonJS script: Node 20 keeps V8's code cache for scripts, not for ES modules.
    await esbuild({
      absWorkingDir: root,
      entryPoints: ['dist/src/adapters/console/ask.js'],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: 'dist/bundle/ask-core.cjs',
      sourcemap: 'linked',
      minify: !process.env.NO_MINIFY,
      external,
      // Files beside the code (word lists, the worker) are found from the bundle's own place, as from the chunks.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
      logLevel: 'warning',
    });
    asciiOnly(join(root, 'dist', 'bundle', 'ask-core.cjs'));
    return true;
  } catch (error) {
    process.stderr.write(`build: bundling dist/ failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return false;
  }
}

/**
 * Escape what esbuild leaves outside ASCII (the Chinese words in regular expressions) as \uXXXX, the same code units
 * in strings, regular expressions and identifiers alike, so that the start reads the bundle as Latin-1, twice as
 * fast as decoding UTF-8 (src/adapters/console/ask-start.ts).
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function main() {
  const tsc = typescriptCompiler();
  if (!tsc) {
    if (existsSync(stamp)) return 0;
    const message = 'build: dist/ is missing and TypeScript is not installed (an install with --omit=dev). Build first with the dev dependencies: npm ci && npm run build, then npm prune --omit=dev (or copy dist/ into this folder).';
    process.stderr.write(`${message}\n`);
    // An install must not fail because of it; starting without a build must.
    return values.prepare ? 0 : 1;
  }
  if (values['if-stale'] && !isStale()) return 0;
  return build(tsc);
}

process.exitCode = await main();
