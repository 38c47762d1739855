// Inline mode: "@bot query" in any chat offers up to 50 articles built from the core (the answer first, then passages).
import { Composer, type Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { QueryCore } from '../../core/index.js';
import type { Logger } from '../../logger.js';
import { clip, renderQuoted, renderReply } from './render.js';
import { splitHtml } from './split.js';

const INLINE_LIMIT = 50;

function article(id: string, title: string, description: string, html: string, url?: string): InlineQueryResultArticle {
  return {
    type: 'article',
    id,
    title: clip(title, 100) || 'Result',
    description: clip(description, 200),
    input_message_content: { message_text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    ...(url && /^https?:\/\//i.test(url) ? { url } : {}),
  };
}

/** The inline results for a query (latest announcements when it is empty), at most `limit` and never over 50. */
export function inlineResults(core: QueryCore, query: string, limit = INLINE_LIMIT): InlineQueryResultArticle[] {
  const max = Math.max(1, Math.min(limit, INLINE_LIMIT));
  const text = query.trim().slice(0, 200);
  if (!text) {
    return core.latest(max).map((item, i) =>
      article(`l${i}`, item.subject ? `${item.subject.name}: ${item.statement}` : item.statement, `${item.citation.title} (${item.sourceDate})`, renderQuoted(item.statement, item.citation), item.citation.url),
    );
  }
  const results: InlineQueryResultArticle[] = [];
  const answer = core.ask(text);
  if (answer.answered) {
    const html = splitHtml(renderReply({ kind: 'answer', answer }))[0] ?? '';
    results.push(article('a', answer.text, answer.citations[0]?.title ?? 'Answer', html));
  }
  const hits = core.search(text, max).hits.slice(0, max - results.length);
  hits.forEach((hit, i) => results.push(article(`s${i}`, hit.citation.title, hit.snippet, renderQuoted(hit.snippet, hit.citation), hit.citation.url)));
  return results;
}

export function createInlineHandler(deps: { core: QueryCore; logger: Logger; limit: number }): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('inline_query', async (ctx) => {
    const results = inlineResults(deps.core, ctx.inlineQuery.query, deps.limit);
    await ctx.answerInlineQuery(results, { cache_time: 60, is_personal: false });
  });
  return composer;
}
