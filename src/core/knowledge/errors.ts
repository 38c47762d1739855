// Errors raised while loading the knowledge base: they name the file, the item and the field.

/** A knowledge file that cannot be used. Start-up stops with its message. */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
  constructor(
    readonly file: string,
    readonly item: string | undefined,
    readonly field: string | undefined,
    readonly problem: string,
  ) {
    super(formatKnowledgeError(file, item, field, problem));
  }
}

/** Several problems found in one pass, so a person can fix them all at once. */
export class KnowledgeErrors extends Error {
  override readonly name = 'KnowledgeErrors';
  constructor(readonly errors: KnowledgeError[]) {
    super(
      `knowledge: ${errors.length} problem${errors.length === 1 ? '' : 's'} in the knowledge base:\n` +
        errors.map((e) => `  - ${e.message}`).join('\n'),
    );
  }
}

function formatKnowledgeError(file: string, item: string | undefined, field: string | undefined, problem: string) {
  const where = [file, item ? `item "${item}"` : undefined, field ? `field "${field}"` : undefined]
    .filter(Boolean)
    .join(', ');
  return `knowledge: ${where}: ${problem}`;
}
