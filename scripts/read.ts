// `npm run read -- FILE...`: what the reader understands of articles (names and types, posts, figures, subjects).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { parse as parseYaml } from 'yaml';
import { readerLexicon } from '../src/core/knowledge/lexicon.js';
import { splitFrontMatter } from '../src/core/knowledge/text.js';
import { lexiconSets } from '../src/core/reader/lexicon-sets.js';
import { readArticle } from '../src/core/reader/read-article.js';

const USAGE = 'Usage: npm run read -- FILE... [--sentences]   what the reader understands of each article';
const { positionals, values } = commandLine('read', USAGE, () => parseArgs({ allowPositionals: true, options: { sentences: { type: 'boolean', short: 's' }, help: { type: 'boolean', short: 'h' } } }));
const lex = lexiconSets(readerLexicon());
for (const file of positionals) {
  const raw = readFileSync(file, 'utf8');
  const parsed = splitFrontMatter(raw);
  const meta = (parsed ? (parseYaml(parsed.front) as Record<string, string>) : {}) ?? {};
  const body = parsed ? parsed.body : raw;
  const date = meta.date && /^\d{4}/.test(String(meta.date)) ? String(meta.date) : undefined;
  const reading = readArticle({ title: meta.title ?? file, body, ...(date ? { date } : {}) }, lex);
  console.log(`\n=== ${file} (${date ?? 'no date'})`);
  const names = new Map<string, string>();
  for (const n of reading.names) names.set(n.text, `${n.type}${n.cue ? ` (${n.cue})` : ''}`);
  console.log('names:', [...names].map(([n, t]) => `${n} [${t}]`).join('; '));
  console.log('definitions:', reading.definitions.map((d) => `${d.short} = ${d.long}`).join('; '));
  console.log('posts:', reading.posts.map((p) => `${p.person}: ${p.title}${p.organisation ? ` @ ${p.organisation}` : ''}${p.change ? ` (${p.change})` : ''}`).join('; '));
  console.log('values:', reading.values.map((v) => `${v.type}:${v.text}=${v.value}${v.currency ? v.currency : ''}${v.unit ? `[${v.unit}]` : ''}${v.date ? `@${v.date}` : ''}${v.qualifier !== 'exact' ? `(${v.qualifier})` : ''}`).join('; '));
  if (values.sentences) reading.sentences.forEach((s, i) => console.log(`  ${i}. [${reading.subjects[i] ?? '-'}${reading.speakers[i] ? ` / says: ${reading.speakers[i]}` : ''}] ${body.slice(s.start, s.end).slice(0, 120)}`));
}
