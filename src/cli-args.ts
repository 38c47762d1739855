// The command line of the bot's scripts: node's util.parseArgs, with --help and a friendly line for a bad flag.

/**
 * Run `parse` (a util.parseArgs call whose options include `help: { type: 'boolean', short: 'h' }`): --help prints
 * the usage and exits 0; an unknown or malformed flag prints "name: what is wrong" and the usage, and exits 2.
 *
 * @example
 * const { values } = commandLine('eval', USAGE, () => parseArgs({ options: { verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
 */
export function commandLine<R extends { values: { help?: boolean | undefined } }>(name: string, usage: string, parse: () => R): R {
  let parsed: R;
  try {
    parsed = parse();
  } catch (error) {
    // util.parseArgs goes on about positionals after '--', which npm's own '--' makes confusing: the first sentence says it.
    const message = (error instanceof Error ? error.message : String(error)).split('. ')[0];
    process.stderr.write(`${name}: ${message}\n${usage}\n`);
    process.exit(2);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}
