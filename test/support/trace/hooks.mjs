// Module resolve hook for register.mjs: records the package of every ESM import into $TRACE_FILE.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(result.url)?.[1];
  if (name && process.env.TRACE_FILE) appendFileSync(process.env.TRACE_FILE, `${name}\n`);
  return result;
}
