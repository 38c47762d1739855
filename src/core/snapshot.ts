// A snapshot of the loaded knowledge and its search index, so that a start with unchanged files answers at once.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LEXICON_DIR, parsedLexicons, primeLexicons } from './knowledge/lexicon.js';
import { loadKnowledge } from './knowledge/load.js';
import type { ArticleLimits } from './knowledge/article-text.js';
import type { KnowledgeBase } from './knowledge/schema.js';
import type { GlossaryMaps } from './engine.js';
import { answerModel, primeAnswerModel, type AnswerModel } from './model.js';
import { createQueryCore } from './query-core.js';
import type { SerializedIndex } from './search-index.js';
import { foldedTexts, primeFolded } from './text/chinese.js';
import { primeSegmented, segmentedWords } from './text/tokenize.js';
import { READER_VERSION } from './reader/read-article.js';
import { fingerprint } from './text/fingerprint.js';
import type { QueryCore } from './types.js';

/** Bump when what a snapshot holds changes shape. */
const SNAPSHOT_VERSION = 9;
/** Snapshots kept per folder (several knowledge folders may share one data folder). */
const KEEP = 3;

interface Snapshot {
  key: string;
  knowledge: Omit<KnowledgeBase, 'dir'>;
  /** The search index as JSON within the snapshot's (not a string of JSON inside it: parsed once, not twice). */
  index: SerializedIndex;
  /** The word lists as validated (YAML parsing and checking are a good part of a start). */
  lexicons: Array<[string, unknown]>;
  /** Chinese names and words already folded to Simplified characters. */
  folded: Array<[string, string]>;
  /** Chinese words already segmented. */
  segmented: Array<[string, string[]]>;
  /** The answer model as checked, and the glossary as the ranker reads it (each some milliseconds of a start). */
  model: AnswerModel;
  glossary: { synonyms: Array<[string, string[][]]>; phrases: Array<[string, string[]]>; cjkGlossary: Array<[string, string[]]> };
  /** Words the articles write in lower case (a scan of every article otherwise). */
  lowerWords: string[];
}

const restoreGlossary = (saved: Snapshot['glossary']): GlossaryMaps => ({ synonyms: new Map(saved.synonyms), phrases: new Map(saved.phrases), cjkGlossary: saved.cjkGlossary });

/** Every file the loaded knowledge depends on, with its size and time: any change makes a new key. */
function keyOf(knowledgeDir: string, limits: ArticleLimits | undefined): string {
  const lines = [`${SNAPSHOT_VERSION}:${READER_VERSION}:${JSON.stringify(limits ?? {})}`];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else lines.push(`${path}:${stat.size}:${stat.mtimeMs}`);
    }
  };
  walk(knowledgeDir);
  // The shipped word lists and the answer model count too when the folder has none of its own.
  walk(join(DEFAULT_LEXICON_DIR, '..', 'lexicon'));
  walk(join(DEFAULT_LEXICON_DIR, '..', 'model'));
  return fingerprint(lines.join('\n'));
}

/**
 * The query core for a knowledge folder: from a snapshot in `cacheDir` when every file is as it was, otherwise
 * loaded (with the reader's readings cached in `cacheDir/readings`) and snapshotted for the next start.
 *
 * @example
 * const { core, snapshot } = loadQueryCore('knowledge', 'data/cache');
 */
export function loadQueryCore(knowledgeDir: string, cacheDir: string | undefined, limits?: ArticleLimits): { core: QueryCore; snapshot: 'hit' | 'written' | 'off' } {
  if (!cacheDir) return { core: createQueryCore({ knowledge: loadKnowledge(knowledgeDir, limits ? { limits } : {}) }), snapshot: 'off' };
  const key = keyOf(knowledgeDir, limits);
  const file = join(cacheDir, `snapshot-${key}.json`);
  if (existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
      if (saved.key === key) {
        const knowledge: KnowledgeBase = { ...saved.knowledge, dir: knowledgeDir };
        primeLexicons(saved.lexicons ?? []);
        primeFolded(saved.folded ?? []);
        primeSegmented(saved.segmented ?? []);
        primeAnswerModel(saved.model);
        return { core: createQueryCore({ knowledge, serializedIndex: saved.index, glossary: restoreGlossary(saved.glossary), lowerWords: new Set(saved.lowerWords) }), snapshot: 'hit' };
      }
    } catch {
      // A damaged snapshot is rebuilt below.
    }
  }
  const knowledge = loadKnowledge(knowledgeDir, { readingsDir: join(cacheDir, 'readings'), ...(limits ? { limits } : {}) });
  const core = createQueryCore({ knowledge });
  try {
    mkdirSync(cacheDir, { recursive: true });
    const { dir: _dir, ...rest } = knowledge;
    // What the engine just worked out, taken from it rather than worked out again.
    const { index, glossary, lowerWords } = core.exportStartState();
    const snapshot: Snapshot = {
      key,
      knowledge: rest,
      index,
      lexicons: parsedLexicons(),
      folded: foldedTexts().filter(([t]) => t.length < 200),
      segmented: segmentedWords().filter(([w]) => w.length < 100),
      model: answerModel(),
      glossary: { synonyms: [...glossary.synonyms], phrases: [...glossary.phrases], cjkGlossary: glossary.cjkGlossary },
      lowerWords: [...lowerWords],
    };
    writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
    renameSync(`${file}.tmp`, file);
    prune(cacheDir);
    return { core, snapshot: 'written' };
  } catch {
    // A read-only or full disk only costs the next start its speed (and leaves no partial file).
    try {
      rmSync(`${file}.tmp`, { force: true });
    } catch {
      // nothing more can be done on this disk
    }
    return { core, snapshot: 'off' };
  }
}

/** Keep the newest few snapshots. */
function prune(cacheDir: string): void {
  const files = readdirSync(cacheDir)
    .filter((n) => /^snapshot-[0-9a-f]+\.json$/.test(n))
    .map((n) => ({ n, t: statSync(join(cacheDir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of files.slice(KEEP)) rmSync(join(cacheDir, n), { force: true });
}
