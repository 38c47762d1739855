// Reads the JSON log lines a test captured, as an operator's log tooling would.
export interface LogRecord {
  level: string;
  msg: string;
  component?: string;
  [field: string]: unknown;
}

export function logRecords(lines: readonly string[]): LogRecord[] {
  return lines.flatMap((line) => line.split('\n').filter(Boolean)).map((line) => JSON.parse(line) as LogRecord);
}

/** The first record at this level with this message. */
export function findLog(lines: readonly string[], level: string, msg: string): LogRecord | undefined {
  return logRecords(lines).find((r) => r.level === level && r.msg === msg);
}
