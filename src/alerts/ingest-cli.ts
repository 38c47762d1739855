// `npm run ingest -- FILE… [--title --url --date --publisher]`: add articles to the knowledge base and alert subscribers.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { KnowledgeErrors } from '../core/index.js';
import { openDatabase } from './db.js';
import { ingestArticle, type IngestResult } from './ingest.js';
import { IngestError } from './knowledge-writer.js';

const USAGE = [
  'Usage: npm run ingest -- FILE… [--title "…"] [--url https://…] [--date YYYY-MM-DD] [--publisher "…"]',
  '  FILE is a text, Markdown (.md) or HTML (.html) article; several files are ingested one after another.',
  '  --title and --url describe one article: give them with a single FILE. --date and --publisher apply to every FILE.',
].join('\n');

function summary(result: IngestResult): string {
  return [
    `Added source "${result.sourceId}" (${result.sourceFile}): ${result.title}`,
    `Entities found: ${result.entities.length ? result.entities.map((e) => `${e.name} [${e.id}]`).join(', ') : 'none'}`,
    ...(result.sectors.length ? [`Sectors: ${result.sectors.join(', ')}`] : []),
    result.record.recorded
      ? `Announcement #${result.record.announcement.id} recorded; alerts queued for ${result.record.deliveries} chat(s). A running bot sends them within a few seconds.`
      : `Already recorded as announcement #${result.record.duplicateOf} (same ${result.record.by}); no new alerts.`,
    ...(result.unresolved.length
      ? ['Names not in the knowledge base (add them to knowledge/entities/*.yaml if they matter):', ...result.unresolved.map((u) => `  - ${u.name}${u.count > 1 ? ` (${u.count}×)` : ''}`)]
      : ['Every capitalised name is known.']),
  ].join('\n');
}

function main(): number {
  const { values, positionals: files } = parseArgs({
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
  if (files.length === 0 || (files.length > 1 && (values.title || values.url))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const contents: string[] = [];
  for (const file of files) {
    try {
      contents.push(readFileSync(file, 'utf8'));
    } catch {
      process.stderr.write(`ingest: cannot read "${file}"\n`);
      return 2;
    }
  }
  const config = loadConfig();
  const db = openDatabase(config.DATA_DIR);
  let failed = 0;
  try {
    files.forEach((file, i) => {
      // One line per article on standard error, so a long batch shows where it is.
      if (files.length > 1) process.stderr.write(`ingest: ${i + 1}/${files.length} ${file}\n`);
      try {
        const result = ingestArticle({
          knowledgeDir: config.KNOWLEDGE_DIR,
          db,
          file,
          content: contents[i]!,
          ...(values.title ? { title: values.title } : {}),
          ...(values.url ? { url: values.url } : {}),
          ...(values.date ? { date: values.date } : {}),
          ...(values.publisher ? { publisher: values.publisher } : {}),
        });
        process.stdout.write(`${files.length > 1 ? `${file}:\n` : ''}${summary(result)}\n`);
      } catch (error) {
        // In a batch, one bad article is reported and the others still go in.
        if (files.length === 1 || !(error instanceof IngestError)) throw error;
        failed++;
        process.stderr.write(`${file}: ${error.message}\n`);
      }
    });
    if (files.length > 1) process.stderr.write(`ingest: ${files.length - failed} of ${files.length} added${failed ? `, ${failed} refused (above)` : ''}\n`);
    return failed ? 1 : 0;
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
