// `npm run compare:nlp [-- DIR]`: compromise and wink-nlp side by side on real articles (default: ../shared/eval/corpus/articles):
// the people, organisations and places each finds, the figures and dates each types, and how long each takes.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { splitFrontMatter } from '../src/core/knowledge/text.js';
import { readerLexicon } from '../src/core/knowledge/lexicon.js';
import { lexiconSets } from '../src/core/reader/lexicon-sets.js';
import { readArticle } from '../src/core/reader/read-article.js';

const require = createRequire(import.meta.url);
const USAGE = 'Usage: npm run compare:nlp [-- DIR]   (default: ../shared/eval/corpus/articles)';
const { positionals } = commandLine('compare:nlp', USAGE, () => parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } }));
const dir = positionals[0] ?? '../shared/eval/corpus/articles';
const articles = readdirSync(dir)
  .filter((n) => /\.(txt|md)$/.test(n))
  .sort()
  .map((n) => ({ name: n, body: splitFrontMatter(readFileSync(join(dir, n), 'utf8'))?.body ?? readFileSync(join(dir, n), 'utf8') }));
process.stderr.write(`compare-nlp: ${articles.length} articles from ${dir}\n`);

type Found = { people: Set<string>; organisations: Set<string>; places: Set<string>; values: number; ms: number };
const empty = (): Found => ({ people: new Set(), organisations: new Set(), places: new Set(), values: 0, ms: 0 });

// compromise: its own people, organisations and places, and its money, percentages and dates.
const nlp = require('compromise') as (text: string) => { people(): Out; organizations(): Out; places(): Out; money(): Out; percentages(): Out; numbers(): Out };
interface Out {
  out(format: 'array'): string[];
}
const comp = empty();
let t = performance.now();
for (const a of articles) {
  const doc = nlp(a.body);
  doc.people().out('array').forEach((p) => comp.people.add(clean(p)));
  doc.organizations().out('array').forEach((o) => comp.organisations.add(clean(o)));
  doc.places().out('array').forEach((p) => comp.places.add(clean(p)));
  comp.values += doc.money().out('array').length + doc.percentages().out('array').length + doc.numbers().out('array').length;
}
comp.ms = performance.now() - t;

// wink-nlp, as the reader uses it: parts of speech and typed values, names typed by the reader's rules.
const lex = lexiconSets(readerLexicon());
const wink = empty();
t = performance.now();
for (const a of articles) {
  const reading = readArticle({ title: a.name, body: a.body }, lex);
  for (const n of reading.names) {
    if (n.type === 'person') wink.people.add(n.text);
    else if (n.type === 'place' || n.type === 'park') wink.places.add(n.text);
    else wink.organisations.add(n.text);
  }
  wink.values += reading.values.length;
}
wink.ms = performance.now() - t;

function clean(text: string): string {
  return text.replace(/['’]s$|[,.;:]+$/g, '').trim();
}

const sample = (s: Set<string>) => [...s].slice(0, 12).join('; ');
for (const [label, f] of [['compromise', comp], ['wink-nlp + reader', wink]] as const) {
  console.log(`\n${label}: ${Math.round(f.ms)} ms for ${articles.length} articles (the first call includes loading the library's model)`);
  console.log(`  people (${f.people.size}): ${sample(f.people)}`);
  console.log(`  organisations (${f.organisations.size}): ${sample(f.organisations)}`);
  console.log(`  places (${f.places.size}): ${sample(f.places)}`);
  console.log(`  figures and dates typed: ${f.values}`);
}
