// Newer news wins: marking the newest and older candidates of the same kind, and letting a newer answer replace the top one.
import type { Scored } from './rank.js';

/** How much a candidate must be about the entity asked for to count as being about it. */
export const INVOLVED = 0.8;

/**
 * Newer news wins: among the candidates that give what is asked about the same entity, the newest source's are
 * marked newest and the others older (a question about the past wants the older).
 */
export function markRecency(scored: Scored[], focus: string[], pastAsk: boolean, nowAsk: boolean): void {
  const groups = new Map<string, Scored[]>();
  for (const s of scored) {
    if (!s.satisfied || s.entity < INVOLVED || s.excluded) continue;
    const key = `${s.doc.fact?.kind ?? 'passage'}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const group of groups.values()) {
    const dates = new Set(group.map((s) => s.doc.source.date));
    if (dates.size < 2 || !focus.length) continue;
    const newest = [...dates].sort().pop()!;
    for (const s of group) {
      if (s.doc.source.date === newest) {
        s.features.newest = 1;
        if (nowAsk) s.features.newestWanted = 1;
      }
      else {
        s.features.older = 1;
        if (pastAsk) s.features.olderWanted = 1;
      }
    }
  }
}

/** How far below the top a newer answer of the same kind may rank and still replace it. */
const NEWER_MARGIN = 3;

/**
 * Newer news wins: when a newer article gives the same kind of answer about the same entity about as well as the
 * top candidate does, the newer one answers (unless the question asks about the past).
 */
export function preferNewer(scored: Scored[]): void {
  const top = scored[0];
  if (!top || top.excluded || !top.satisfied || top.entity < INVOLVED) return;
  const kind = top.doc.fact?.kind;
  let best: Scored | undefined;
  for (const s of scored.slice(1, 12)) {
    if (s.excluded || !s.satisfied || s.entity < INVOLVED || s.rankScore < top.rankScore - NEWER_MARGIN || s.score < top.score * 0.5) continue;
    // A post someone is leaving is not the newer news about that post.
    if (s.doc.fact?.keywords.includes('former')) continue;
    if (s.doc.fact?.kind !== kind || s.coverage < top.coverage - 0.2) continue;
    if (s.doc.source.date <= (best ?? top).doc.source.date) continue;
    best = s;
  }
  if (!best) return;
  scored.splice(scored.indexOf(best), 1);
  scored.unshift(best);
  best.features.newest = 1;
}
