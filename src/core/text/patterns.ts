// Regular-expression pieces built from words of the knowledge base.

/** Text to match literally inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * An entity's names (lower-case alias keys) as one alternation, "the" allowed before it: "(?:the )?(?:hkstp|…)".
 * Chinese names and single letters are left out (a sentence is matched in English). Undefined when none is left.
 */
export function latinNamePattern(names: readonly string[]): string | undefined {
  const latin = names.filter((n) => n.length > 1 && !/[\u3400-\u9fff]/.test(n)).map(escapeRegExp);
  return latin.length ? `(?:the )?(?:${latin.join('|')})` : undefined;
}
