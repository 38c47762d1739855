// Preload (node --import) that records every package a process loads, ESM or CommonJS, into $TRACE_FILE.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.TRACE_FILE;
const packageOf = (path) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
register(new URL('./hooks.mjs', import.meta.url));
const resolve = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const resolved = resolve.apply(this, args);
  const name = packageOf(String(resolved));
  if (name && file) appendFileSync(file, `${name}\n`);
  return resolved;
};
