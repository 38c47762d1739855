// Platform-neutral command types: what a command takes (plain options) and gives back (a Reply).
import type {
  AnnouncementView,
  Answer,
  EntityProfile,
  QueryContext,
  QueryCore,
  SearchResult,
  SourceSummary,
} from '../src/core/index.js';
import type { AlertsService } from '../src/alerts/service.js';
import type { FailureKind } from './failure.js';

export type Platform = 'console' | 'telegram' | 'discord';

/** A next step offered under a reply (a button on Telegram and Discord, a hint on the console). */
export interface ReplyAction {
  label: string;
  /** Command name of the registry to run when chosen. */
  command: string;
  /** The command's text argument (kept short: it travels in callback data). */
  args?: string;
  /** Start a new row of buttons with this action (a layout hint; the console starts a new line). */
  newRow?: boolean;
}

/** Everything a command can answer. Adapters render each kind with an exhaustive switch. */
export type Reply =
  | { kind: 'answer'; answer: Answer; actions?: ReplyAction[] }
  | { kind: 'profile'; profile: EntityProfile; actions?: ReplyAction[] }
  | { kind: 'search'; result: SearchResult; actions?: ReplyAction[] }
  | { kind: 'announcements'; title: string; items: AnnouncementView[]; empty: string; actions?: ReplyAction[] }
  | { kind: 'sources'; sources: SourceSummary[]; actions?: ReplyAction[] }
  | { kind: 'help'; title: string; intro: string; commands: CommandSummary[]; examples: string[]; actions?: ReplyAction[] }
  | { kind: 'list'; title: string; items: string[]; empty: string; footer?: string; actions?: ReplyAction[] }
  | { kind: 'notice'; tone: NoticeTone; title?: string; text: string; suggestions?: string[]; actions?: ReplyAction[] }
  /** A short acknowledgement (at most 200 characters): a toast on a button press, a one-line reply otherwise. */
  | { kind: 'ack'; text: string; actions?: ReplyAction[] };

export type ReplyKind = Reply['kind'];
export type NoticeTone = 'info' | 'success' | 'error' | 'denied';

export interface CommandSummary {
  name: string;
  description: string;
  usage: string;
}

export type OptionType = 'string' | 'integer';

/** One option of a command. On Telegram and the console the text after the command fills the options in order. */
export interface CommandOption {
  name: string;
  description: string;
  type: OptionType;
  required: boolean;
  /** Offer entity names as you type (Discord autocomplete). */
  autocomplete?: 'entity';
  min?: number;
  max?: number;
  maxLength?: number;
  /** Fixed choices (shown as a menu on Discord). */
  choices?: ReadonlyArray<{ name: string; value: string }>;
}

export type OptionValues = Record<string, string | number | undefined>;

/** Per-chat state a command may read and update: the recent entities for follow-up questions. */
export interface ChatState extends QueryContext {
  recentEntities: string[];
  /** Feedback id of the chat's last answer, for "/feedback up" without a reference. */
  lastAnswer?: string;
}

/** Who asks, where, and the services a command may use. */
export interface CommandContext {
  core: QueryCore;
  platform: Platform;
  chat: { id: string; type: 'private' | 'group' | 'channel' };
  user: {
    id: string;
    name?: string;
    /** Is the user an admin of this chat (may change its settings)? Asked lazily: it may cost a platform call. */
    isChatAdmin: () => Promise<boolean>;
  };
  /** A bot administrator (ADMIN_IDS). */
  isAdmin: boolean;
  state: ChatState;
  /** Extra services wired by main (alerts and the like); commands check they exist. */
  services: CommandServices;
}

export interface CommandServices {
  /** Subscriptions, /why, feeds and /announce (src/alerts); absent when alerts are not running. */
  alerts?: AlertsService;
  /** Ratings of answers (👍/👎); absent when feedback is not collected. */
  feedback?: FeedbackPort;
  /** Told of every command that failed on the bot's side (the user gets a friendly reply); main logs it. */
  onFailure?: (error: unknown, info: { command: string; kind: FailureKind; platform: Platform }) => void;
}

export type Vote = 'up' | 'down';

/** What feedback keeps about an answer: never who asked. */
export interface RatedAnswer {
  question: string;
  answered: boolean;
  factIds: readonly string[];
  platform: Platform;
}

export type VoteResult =
  | { status: 'added' | 'changed' | 'unchanged'; vote: Vote }
  /** No such answer: too old, or a forged reference. */
  | { status: 'unknown' }
  | { status: 'limited'; retryInSeconds: number };

/** Storage of answer ratings, implemented outside commands (src/alerts/feedback.ts). */
export interface FeedbackPort {
  /** Keep an answer so that it can be rated; its short id (for buttons), or undefined when it could not be kept. */
  record(answer: RatedAnswer): Promise<string | undefined>;
  /**
   * Rate a kept answer: one vote per voter and answer, a second vote replaces the first. `voter` ("platform:user id")
   * is rate-limited in memory and stored only as a salted hash together with the answer id.
   */
  vote(input: { answerId: string; voter: string; vote: Vote; note?: string }): Promise<VoteResult>;
}

export interface CommandDefinition {
  name: string;
  description: string;
  options: readonly CommandOption[];
  /** Shown in help: how to call it, e.g. "/org CATL". */
  usage: string;
  /** Only ADMIN_IDS may run it; hidden from menus. */
  admin?: boolean;
  run(options: OptionValues, ctx: CommandContext): Reply | Promise<Reply>;
}
