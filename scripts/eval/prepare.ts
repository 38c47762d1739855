// Builds throwaway knowledge bases for the evaluation: the corpus ingested into a copy, or the curated layer left out.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { openDatabase } from '../../src/alerts/db.js';
import { ingestArticle } from '../../src/alerts/ingest.js';
import { splitFrontMatter } from '../../src/core/knowledge/text.js';

export interface Prepared {
  knowledgeDir: string;
  /** Texts a citation may quote from, by file name. */
  texts: Map<string, string>;
  cleanup(): void;
}

/** A copy of `knowledgeDir` with every article of `articlesDir` ingested as a new user would (front matter as flags). */
export function prepareCorpus(knowledgeDir: string, articlesDir: string): Prepared {
  const root = mkdtempSync(join(tmpdir(), 'hkit-eval-'));
  const kbDir = join(root, 'knowledge');
  cpSync(knowledgeDir, kbDir, { recursive: true });
  const db = openDatabase(join(root, 'data'));
  const texts = new Map<string, string>();
  try {
    for (const name of readdirSync(articlesDir).filter((n) => /\.(txt|md|html?)$/.test(n)).sort()) {
      const raw = readFileSync(join(articlesDir, name), 'utf8');
      texts.set(name, raw);
      const parsed = splitFrontMatter(raw);
      const meta = (parsed ? (parseYaml(parsed.front) as Record<string, unknown>) : {}) ?? {};
      const str = (k: string) => (typeof meta[k] === 'string' && meta[k] !== 'unknown' ? (meta[k] as string) : undefined);
      const file = join(root, name.replace(/\.\w+$/, '.txt'));
      writeFileSync(file, parsed ? parsed.body : raw);
      ingestArticle({
        knowledgeDir: kbDir,
        db,
        file,
        content: parsed ? parsed.body : raw,
        format: 'text',
        ...(str('title') ? { title: str('title') } : {}),
        ...(str('url') ? { url: str('url') } : {}),
        ...(str('date') ? { date: str('date') } : {}),
        ...(str('publisher') ? { publisher: str('publisher') } : {}),
      });
    }
  } finally {
    db.close();
  }
  return { knowledgeDir: kbDir, texts, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A copy of `knowledgeDir` with the curated entities and facts left out: the articles must speak for themselves. */
export function prepareCold(knowledgeDir: string): Prepared {
  const root = mkdtempSync(join(tmpdir(), 'hkit-cold-'));
  const kbDir = join(root, 'knowledge');
  cpSync(knowledgeDir, kbDir, { recursive: true });
  rmSync(join(kbDir, 'entities'), { recursive: true, force: true });
  rmSync(join(kbDir, 'facts'), { recursive: true, force: true });
  // Unreliable passages name curated entities; without the entities they keep their text and note only.
  for (const name of readdirSync(join(kbDir, 'sources'))) {
    const file = join(kbDir, 'sources', name);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^(\s+)entities: \[[^\]]*\]\n/gm, ''));
  }
  return { knowledgeDir: kbDir, texts: new Map(), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
