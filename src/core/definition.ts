// "What is X?": the sentences that say what an entity is, whatever their order of words.
import { latinNamePattern } from './text/patterns.js';

/**
 * A test of whether a sentence defines an entity, made once per question from the entity's names (lower case): "As
 * the flagship initiative of the government, X aims to…", "X is a…", "X, a digital hub wholly owned by…, has…",
 * "X (a…)". A sentence that opens with the name does too (it says what X is or does).
 */
export function definitionTest(names: readonly string[]): (text: string) => boolean {
  const pattern = latinNamePattern(names);
  if (!pattern) return () => false;
  const name = `${pattern}(?:'s|’s)?`;
  const patterns = [
    new RegExp(`^\\s*(?:as|being) (?:the|a|an|one of the) [^,]{3,100}, ${name}\\b`, 'i'),
    new RegExp(`\\b${name} (?:is|are|was|were|has been|remains) (?:a|an|the|one of|hong kong's|china's|the city's)\\b`, 'i'),
    new RegExp(`\\b${name}, (?:a|an|the|which|hong kong's|china's|the city's) [^,]{3,120},`, 'i'),
    new RegExp(`\\b${name} \\((?:a|an|the) `, 'i'),
  ];
  return (text) => patterns.some((p) => p.test(text));
}

/** Does the text (as padded words) open with one of the openings? */
export function opensWith(padded: string, openings: string[]): boolean {
  for (const opening of openings) if (padded.startsWith(opening)) return true;
  return false;
}
