// YAML as the knowledge base reads it: one document, the YAML 1.2 core schema (no timestamps: dates stay strings).
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

// Loaded on first use, so a start that finds its knowledge already parsed never pays for the parser.
const requireLazily = createRequire(import.meta.url);
let library: typeof Yaml | undefined;

/** A YAML text that cannot be read: the problem and where it is (line and column). */
export class YamlSyntaxError extends Error {
  override readonly name = 'YamlSyntaxError';
}

/**
 * Parse one YAML document as the loader does. Warnings (an unknown tag, say) are errors too: a value the
 * loader would silently read differently from what its author meant is not accepted.
 *
 * @example
 * parseYaml('date: 2024-03-01'); // { date: '2024-03-01' }
 *
 * @throws YamlSyntaxError naming the first problem with its line and column.
 */
export function parseYaml(text: string): unknown {
  library ??= requireLazily('yaml') as typeof Yaml;
  const doc = library.parseDocument(text, { schema: 'core', prettyErrors: true, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  // prettyErrors appends the offending lines after a blank line; the first line says what and where.
  if (problem) throw new YamlSyntaxError(problem.message.split('\n')[0]!.replace(/:$/, ''));
  return doc.toJS({ maxAliasCount: 100 });
}
