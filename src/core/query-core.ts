// createQueryCore: the one entry point adapters and commands use to ask and look things up.
import { answerQuestion } from './answer.js';
import { buildEngine, buildEngineAsync, extendEngine, type Engine, type GlossaryMaps } from './engine.js';
import type { KnowledgeBase } from './knowledge/schema.js';
import { indexState, serializeIndex, type SerializedIndex } from './search-index.js';
import { completeNames, latestAnnouncements, listSources, profileOf, searchPassages } from './lookups.js';
import type { Answer, EntityRef, QueryCore, QueryCoreOptions } from './types.js';

/** What a snapshot keeps of a built engine so the next start need not work it out: the index, glossary and lower-case words. */
export interface StartState {
  index: SerializedIndex;
  glossary: GlossaryMaps;
  lowerWords: Set<string>;
}

/** Defaults merged under the options given to `createQueryCore`. */
export const defaultQueryCoreOptions = {
  maxAnswerLength: 700,
  maxCitations: 2,
} as const;

/**
 * Build the query core over a loaded knowledge base.
 *
 * @example
 * const core = createQueryCore({ knowledge: loadKnowledge('knowledge') });
 * const answer = core.ask('What did CATL announce?');
 * console.log(answer.text, answer.citations[0]?.quote);
 */
export function createQueryCore(options: QueryCoreOptions & { serializedIndex?: string | SerializedIndex; glossary?: GlossaryMaps; lowerWords?: Set<string> }): QueryCore & { exportIndex(): string; exportStartState(): StartState } {
  const settings = { ...defaultQueryCoreOptions, ...withoutUndefined(options) };
  if (settings.maxAnswerLength < 50) throw new Error('queryCore: maxAnswerLength must be at least 50');
  let engine: Engine = buildEngine(options.knowledge, {
    maxAnswerLength: settings.maxAnswerLength,
    maxCitations: settings.maxCitations,
    ...(options.serializedIndex ? { serializedIndex: options.serializedIndex } : {}),
    ...(options.glossary ? { glossary: options.glossary } : {}),
    ...(options.lowerWords ? { lowerWords: options.lowerWords } : {}),
  });

  const ask = (question: string, context = {}): Answer => {
    try {
      return answerQuestion(engine, typeof question === 'string' ? question : String(question ?? ''), context);
    } catch (error) {
      // The core never throws at a user: a failure becomes a polite decline.
      return {
        question: String(question ?? '').slice(0, 200),
        answered: false,
        text: 'Sorry, something went wrong while answering. Please try rephrasing the question.',
        citations: [],
        entities: [],
        suggestions: ['/help'],
        intent: 'general',
      };
    }
  };

  return {
    ask,
    profile: (name) => profileOf(engine, name),
    search: (query, limit) => searchPassages(engine, query, limit),
    latest: (limit, filter) => latestAnnouncements(engine, limit, filter),
    sources: () => listSources(engine),
    complete: (prefix, limit) => completeNames(engine, prefix, limit),
    entitiesIn: (text) => {
      const seen = new Set<string>();
      return engine.matcher
        .find(text)
        .filter((m) => m.how === 'exact' || m.how === 'cjk')
        .map((m) => engine.matcher.ref(m.id))
        .filter((r): r is EntityRef => r !== undefined && !seen.has(r.id) && (seen.add(r.id), true));
    },
    resolveEntity: (name) => {
      const entity = engine.matcher.resolve(name);
      return entity ? { id: entity.id, name: entity.name, type: entity.type } : undefined;
    },
    extend: (knowledge: KnowledgeBase) => {
      const known = new Set(engine.kb.sources.map((s) => s.id));
      const added = new Set(knowledge.sources.filter((s) => !known.has(s.id)).map((s) => s.id));
      if (added.size) engine = extendEngine(engine, knowledge, added);
    },
    reload: (knowledge: KnowledgeBase) => {
      engine = buildEngine(knowledge, { maxAnswerLength: settings.maxAnswerLength, maxCitations: settings.maxCitations });
    },
    replace: async (knowledge: KnowledgeBase, serializedIndex: string) => {
      engine = await buildEngineAsync(knowledge, { maxAnswerLength: settings.maxAnswerLength, maxCitations: settings.maxCitations, serializedIndex });
    },
    exportIndex: () => serializeIndex(engine.index),
    exportStartState: () => ({
      index: indexState(engine.index),
      glossary: { synonyms: engine.synonyms, phrases: engine.phrases, cjkGlossary: engine.cjkGlossary },
      lowerWords: engine.lowerWords,
    }),
    get knowledge() {
      return engine.kb;
    },
    get stats() {
      return {
        facts: engine.kb.facts.length,
        passages: engine.index.docs.filter((d) => d.type === 'passage').length,
        entities: engine.kb.entities.length,
        sources: engine.kb.sources.length,
      };
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
