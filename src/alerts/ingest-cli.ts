// `npm run ingest -- FILE [--title --url --date --publisher]`: add an article to the knowledge base and alert subscribers.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { KnowledgeErrors } from '../core/index.js';
import { openDatabase } from './db.js';
import { ingestArticle } from './ingest.js';
import { IngestError } from './knowledge-writer.js';

const USAGE = 'Usage: npm run ingest -- FILE [--title "…"] [--url https://…] [--date YYYY-MM-DD] [--publisher "…"]\n  FILE is a text, Markdown (.md) or HTML (.html) article.';

function main(): number {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      url: { type: 'string' },
      date: { type: 'string' },
      publisher: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`ingest: cannot read "${file}"\n`);
    return 2;
  }
  const config = loadConfig();
  const db = openDatabase(config.DATA_DIR);
  try {
    const result = ingestArticle({
      knowledgeDir: config.KNOWLEDGE_DIR,
      db,
      file,
      content,
      ...(values.title ? { title: values.title } : {}),
      ...(values.url ? { url: values.url } : {}),
      ...(values.date ? { date: values.date } : {}),
      ...(values.publisher ? { publisher: values.publisher } : {}),
    });
    const out = [
      `Added source "${result.sourceId}" (${result.sourceFile}): ${result.title}`,
      `Entities found: ${result.entities.length ? result.entities.map((e) => `${e.name} [${e.id}]`).join(', ') : 'none'}`,
      ...(result.sectors.length ? [`Sectors: ${result.sectors.join(', ')}`] : []),
      result.record.recorded
        ? `Announcement #${result.record.announcement.id} recorded; alerts queued for ${result.record.deliveries} chat(s). A running bot sends them within a few seconds.`
        : `Already recorded as announcement #${result.record.duplicateOf} (same ${result.record.by}); no new alerts.`,
      ...(result.unresolved.length
        ? ['Names not in the knowledge base (add them to knowledge/entities/*.yaml if they matter):', ...result.unresolved.map((u) => `  - ${u.name}${u.count > 1 ? ` (${u.count}×)` : ''}`)]
        : ['Every capitalised name is known.']),
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  } finally {
    db.close();
  }
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof IngestError || error instanceof ConfigError || error instanceof KnowledgeErrors) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`ingest failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = 1;
}
