// `npm run ingest -- FILE... [--title --url --date --publisher]`: add articles to the knowledge base and alert subscribers.
import { fatalText } from '../fatal.js';
import { redact } from '../redact.js';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commandLine } from '../cli-args.js';
import { articleLimitsOf, ConfigError, loadConfig } from '../config.js';
import { KnowledgeErrors } from '../core/index.js';
import { textProblem } from '../core/knowledge/article-text.js';
import { createLogger } from '../logger.js';
import { openState } from '../runtime/state.js';
import { ingestArticleInto, type IngestStep } from './ingest.js';
import { recoverIngests } from './ingest-recovery.js';
import { IngestError } from './knowledge-writer.js';
import { understoodLines } from './understood.js';

const USAGE = `Usage: npm run ingest -- FILE... [--title "…"] [--url https://…] [--date YYYY-MM-DD] [--publisher "…"]
  Each FILE is a text, Markdown (.md) or HTML (.html) article. A file may start with YAML front matter
  (title, publisher, url, date); flags override it (and with several files, apply to each).`;

async function main(): Promise<number> {
  const { values, positionals } = commandLine('ingest', USAGE, () =>
    parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        title: { type: 'string' },
        url: { type: 'string' },
        date: { type: 'string' },
        publisher: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  // SQLite in DATA_DIR, or PostgreSQL (with its outbox) when DATABASE_URL is set.
  const logger = createLogger({ level: 'warn', format: 'json' });
  const state = await openState(config, logger);
  const limits = articleLimitsOf(config);
  // Tests stop the process after one step, as a crash there would.
  const crashAfter = process.env.HKBOT_INGEST_CRASH_AFTER as IngestStep | undefined;
  let failed = 0;
  let unreadable = 0;
  try {
    // An ingest that was stopped half-way is finished or rolled back before anything else.
    const recovered = await recoverIngests(config.KNOWLEDGE_DIR, state.store);
    for (const id of recovered.finished) process.stderr.write(`ingest: finished an earlier ingest that was interrupted: sources/${id}.md is now in place\n`);
    for (const id of recovered.rolledBack) process.stderr.write(`ingest: rolled back an earlier ingest that was interrupted before its announcement was recorded ("${id}"); run it again\n`);
    for (const [i, file] of positionals.entries()) {
      if (positionals.length > 1) process.stderr.write(`ingest: ${i + 1}/${positionals.length} ${file}\n`);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        process.stderr.write(`ingest: cannot read "${file}"\n`);
        unreadable++;
        continue;
      }
      const problem = textProblem(bytes, limits);
      if (problem) {
        process.stderr.write(`${positionals.length > 1 ? `${file}: ` : ''}ingest: ${problem}; nothing was written\n`);
        failed++;
        continue;
      }
      const content = bytes.toString('utf8');
      try {
        const result = await ingestArticleInto({
          knowledgeDir: config.KNOWLEDGE_DIR,
          store: state.store,
          file,
          content,
          limits,
          ...(crashAfter ? { crashAfter } : {}),
          ...(values.title ? { title: values.title } : {}),
          ...(values.url ? { url: values.url } : {}),
          ...(values.date ? { date: values.date } : {}),
          ...(values.publisher ? { publisher: values.publisher } : {}),
        });
        const out = [
          `Added source "${result.sourceId}" (${result.sourceFile}): ${result.title}`,
          ...understoodLines(result.understood),
          ...(result.sectors.length ? [`Sectors: ${result.sectors.join(', ')}`] : []),
          result.record.recorded
            ? `Announcement #${result.record.announcement.id} recorded; alerts queued for ${result.record.deliveries} chat(s). A running bot sends them within a few seconds.`
            : `Already recorded as announcement #${result.record.duplicateOf} (same ${result.record.by}); no new alerts.`,
        ];
        process.stdout.write(`${out.join('\n')}\n${positionals.length > 1 ? '\n' : ''}`);
      } catch (error) {
        if (!(error instanceof IngestError || error instanceof KnowledgeErrors)) throw error;
        process.stderr.write(`${positionals.length > 1 ? `${file}: ` : ''}${error.message}\n`);
        failed++;
      }
    }
  } finally {
    await state.close();
  }
  if (positionals.length > 1) process.stderr.write(`ingest: ${positionals.length - failed - unreadable} of ${positionals.length} added\n`);
  return failed ? 1 : unreadable ? 2 : 0;
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    if (error instanceof IngestError || error instanceof ConfigError || error instanceof KnowledgeErrors) {
      process.stderr.write(`${redact(error.message)}\n`);
    } else {
      process.stderr.write(`${fatalText(error, 'ingest failed')}\n`);
    }
    process.exitCode = 1;
  });
