// A one-at-a-time role (feed poller, Discord gateway) and, on SQLite, its only holder: the one process there is.
export interface Leadership {
  readonly role: string;
  /** Does this process hold the role now? */
  isLeader(): boolean;
  /** Give the role up (its holder's stop runs) and stop trying. */
  stop(): Promise<void>;
}

/** SQLite: one process, always the holder. */
export function soleLeadership(role: string, onLead?: () => Promise<void>, onLose?: () => Promise<void>): Leadership {
  const started = onLead?.();
  return {
    role,
    isLeader: () => true,
    async stop() {
      await started;
      await onLose?.();
    },
  };
}
