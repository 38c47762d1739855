// What a question asks for, from English and Chinese cue words.
import type { FactKind } from './knowledge/schema.js';
import type { Intent } from './types.js';
import { termsOf, words } from './text/tokenize.js';

interface IntentRule {
  intent: Intent;
  pattern: RegExp;
}

// Order matters: the first rule that matches wins.
const RULES: IntentRule[] = [
  { intent: 'jobs', pattern: /\b(how many (jobs|staff|employees|workers|talents?|researchers|positions)|jobs?|hir(e|es|ing)|recruit\w*|employ\w*|headcount|staff)\b|職位|职位|就業|就业|招聘|聘請|聘请|員工|员工|僱|雇/i },
  { intent: 'money', pattern: /\b(how much (money|did|does|do|will|would|is|was|has|have|are|were|in)\b|invest\w*|cost\w*|spend\w*|worth|funding|budget|price|valu(e|ation)|money|dollars?|hk\$|us\$|usd|hkd|yuan|rmb|billion|million|earn\w*|revenue|profits?|income|sales|rais(e|ed|ing))\b|多少錢|多少钱|投資|投资|金額|金额|資金|资金|成本|港元|美元|預算|预算|財政|财政|價格|价格|股價|股价|收入|營業額|营业额|利潤|利润|估值/i },
  { intent: 'capacity', pattern: /\b(capacity|production|output)\b|產能|产能|生產|生产|產量|产量/i },
  { intent: 'ranking', pattern: /\b(rank\w*|largest|biggest|top|index|position|place[ds]?|number (one|two|1|2))\b|排名|最大|第幾|第几/i },
  { intent: 'count', pattern: /\b(how many|how much|number of|count|how big|how large|size|numbers|figures|stats|statistics)\b|多少|幾多|几多|幾個|几个|幾間|几间|數目|数目|數量|数量/i },
  { intent: 'when', pattern: /\b(when|what year|which year|what date|what month|by when|timeline|how long|how soon|until|(what|which) (time )?(period|span)|time ?frame)\b|何時|何时|幾時|几时|甚麼時候|什麼時候|什么时候|哪一年|哪年|日期/i },
  { intent: 'where', pattern: /\b(where|located|location|based|address|which district|which city)\b|哪裡|哪里|哪兒|哪儿|在哪|位於|位于|地點|地点|地址/i },
  { intent: 'role', pattern: /\b(ceo|chief executive|chairman|director|secretary|president|founder|boss|manager|role|title)\b|\bwho\s+(will\s+|would\s+|is going to\s+|used to\s+|previously\s+|formerly\s+)?(runs?|leads?|heads?|manages?|chairs?|is in charge|was in charge)\b|\b(head|leader) of\b|行政總裁|行政总裁|總裁|总裁|主席|局長|局长|主管|負責人|负责人/i },
  { intent: 'who', pattern: /\b(who|whom|whose)\b|\bwhich\s+(\w+\s+){0,3}(companies|company|firms?|organisations?|organizations?|banks?|institutions?|universit(y|ies)|bod(y|ies)|groups?|makers?|accelerators?|investors?|officials?|persons?|people|speakers?|executives?|leaders?|ministers?|secretar(y|ies)|commissioners?|founders?|professors?|scientists?|researchers?)\b|\bwhat\s+(companies|company|firms?|organisations?|organizations?|banks?|institutions?|universit(y|ies)|accelerators?|investors?)\b|誰|谁|哪家|哪間|哪间|哪些公司/i },
  { intent: 'announcement', pattern: /\b(announce\w*|unveil\w*|pledge\w*|plans?|planning|launch\w*|set(ting)? up|establish\w*|news|latest|new)\b|宣布|宣佈|公布|公佈|計劃|计划|推出|成立|設立|设立|消息|最新|新聞|新闻|動態|动态|進展|进展|近況|近况/i },
  { intent: 'what', pattern: /^\s*(what|who)('s| is| are| was)\b|\bwhat (kind|type|sort)s? of\b|\b(tell me about|describe|explain|overview|what does .* (do|make|produce|sell|manufacture|offer)|about)\b|是甚麼|是什麼|是什么|是甚么|(甚麼|什麼|什么|甚么)(公司|機構|机构|組織|组织|地方)|是一[間间家個个]|介紹|介绍|簡介|简介/i },
];

/** "What share of…", "what percentage…", "growth %": the question asks for a percentage. */
export const PERCENT_ASK = /\b(percent(ages?)?|per cent|proportion|what share|share of|ratio)\b|%|比例|百分/i;
/** A percentage or a fraction in a text. */
const PERCENT = /\d\s?(%|per ?cent\b|percent\b)|百分之|\b(half|one-third|two-thirds|a third|a quarter|three-quarters|majority)\b/i;

/** The intent of a question; 'general' when no cue is found. */
export function detectIntent(question: string): Intent {
  // "Why does J2's chairman say…?" asks for a reason, whatever words follow.
  if (/^\s*(why|how come)\b|為甚麼|为什么|為什麼/i.test(question)) return 'general';
  // "What will it use the money for?" asks for a purpose, not an amount.
  if (/^\s*what\b.*\b(use|used|using|spend|spent|put)\b.*\bfor\s*\??\s*$|^\s*what (is|are|was|were|will) the (money|funds?|funding|proceeds|investment)\b.*\bfor\b/i.test(question)) return 'general';
  // "What did the minister say about the investment?" asks what was said, whatever it was about.
  if (/^\s*what (did|does|do|has|have)\b.{0,80}?\s(say|said|tell|told|think|comment|remark)\b/i.test(question)) return 'general';
  // "job title" asks for a post, not for jobs; "the firms it funds" says which firms, not what is asked.
  const text = question.replace(/\bjob titles?\b/gi, 'title').replace(/\b(it|they|he|she|we|which|that|who)\s+((?:has|have|had|will|would)\s+)?(invest\w*|fund\w*|backs|backed)\s+in\b/gi, '$1 in');
  // "How many funds does the agency invest through?" counts funds, whatever other words follow.
  // "Where does HKIC plan to invest?" asks where, whatever cue words follow the question word.
  // "Where does Hong Kong sit (rank, stand) on the index?" asks for a position, not a place.
  if (/^\s*where (does|do|did|is|was) .{2,60}?\b(sit|sits|stand|stands|rank|ranks|ranked|place|placed|come|came|fall|fell)\b/i.test(text)) return 'ranking';
  if (/^\s*where\b/i.test(text)) return 'where';
  // "How long did she spend at MTR?" asks for a length of time, whatever money words follow.
  if (/^\s*(when|what year|which year|what date|how long|for how long)\b/i.test(text)) return 'when';
  // "How much did the number of startups grow?" asks for a figure, not for money.
  if (/\bhow much\b.*\b(grow|grew|grown|rise|rose|risen|increase|increased|fall|fell|drop|dropped|change|changed|expand|expanded)\b/i.test(text)) return 'count';
  // "What share of graduates became park companies?" asks for a percentage, a figure.
  if (PERCENT_ASK.test(text) && !/^\s*(who|which)\b/i.test(text)) return 'count';
  const howMany = /\bhow many\s+(\S+)/i.exec(text);
  if (howMany) return /^(jobs?|staff|employees|workers|talents?|positions|people|persons|hires)$/i.test(howMany[1]!) && RULES[0]!.pattern.test(text) ? 'jobs' : 'count';
  for (const rule of RULES) if (rule.pattern.test(text)) return rule.intent;
  return 'general';
}

/** Kinds of fact that answer an intent best, most preferred first. */
export const PREFERRED_KINDS: Record<Intent, readonly FactKind[]> = {
  announcement: ['announcement', 'investment', 'jobs', 'capacity', 'programme', 'event'],
  money: ['investment', 'announcement', 'statistic'],
  count: ['statistic', 'jobs', 'capacity', 'event', 'announcement'],
  jobs: ['jobs', 'announcement'],
  where: ['location', 'announcement', 'description'],
  when: ['date', 'announcement', 'event', 'programme'],
  who: ['role', 'description', 'event'],
  role: ['role', 'description'],
  what: ['description', 'announcement', 'programme', 'role', 'location'],
  ranking: ['statistic'],
  capacity: ['capacity', 'announcement'],
  general: ['announcement', 'description', 'statistic', 'investment', 'jobs', 'role'],
};

// ("HK$3 billion", "a 3-billion-Hong Kong dollar scheme", "US$386 million".)
const MONEY = /(hk\$|us\$|\$|yuan|rmb|dollars?)\s?\d|\d[\d.,]*[\s-]?(billion|million|bn|m)\b|hundreds of millions/i;
const NUMBER = /\d|\b(half|dozens?|hundreds?|thousands?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b/i;
const TIME = /\b(1[89]|20)\d{2}\b|\b(january|february|march|april|may|june|july|august|september|october|november|december)\b|\b(this|next|last) (year|month)\b|\bwithin the next\b|\b(within|in|after) (the next |the coming )?(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|few)[\s-]+(years?|months?|weeks?|days?)\b/i;

const PLACE_NOUN = /\b(at|in|to|serve|serving|near)\s+(the\s+)?([\w-]+\s+)?(airports?|ports?|campus|districts?|cit(y|ies)|regions?|metropolis|zones?|towns?)\b/i;
// ("a decade", "a few months"; not "a month", which is a rate: "HK$20,000 a month".)
const SPAN = /\b(until|till|through|to|by|between)\s+(the end of\s+)?((january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(19|20)\d\d\b|\b(19|20)\d\d\s?(-|–|to)\s?(19|20)?\d\d\b/i;
const DURATION = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few)[\s-]+(years?|months?|weeks?|days?|decades?)\b|\ba decade\b/i;

/** What a document offers besides its words: the kinds of entities it involves and whether it is dated. */
export interface DocTraits {
  kind: FactKind | undefined;
  text: string;
  hasPerson: boolean;
  /** An organisation, company or government body other than the one asked about. */
  hasOtherOrganisation: boolean;
  dated: boolean;
  /** A place or park other than the one asked about and other than Hong Kong itself. */
  hasPlace: boolean;
  /** For "how many X": the terms of X; the figure must count one of them. */
  counted?: ReadonlySet<string>;
  /** "Who will it partner with?": kinds of bodies ("pension funds") answer it as well as a named one. */
  bodiesAnswer?: boolean;
  /** "What share of…?": only a percentage or a fraction answers. */
  percent?: boolean;
  /** "How long…?": a duration answers; "when…?" wants a date or a time. */
  duration?: boolean;
}

/** Intents that ask for one particular kind of answer (a figure, a date, a place, a person). */
export const SPECIFIC_INTENTS: ReadonlySet<Intent> = new Set(['money', 'count', 'jobs', 'capacity', 'ranking', 'when', 'where', 'who', 'role']);

/** Does a document give what the intent asks for? */
export function satisfiesIntent(intent: Intent, doc: DocTraits): boolean {
  const { kind, text } = doc;
  const flags = flagsOf(text);
  switch (intent) {
    case 'money':
      return kind === 'investment' || flags.money;
    case 'count':
      if (doc.percent) return flags.percent;
      return doc.counted && doc.counted.size > 0 ? countsIt(text, doc.counted) : flags.number;
    case 'ranking':
      return flags.number || flags.ranking;
    case 'jobs':
      // "How many staff…?" wants a figure that counts them.
      if (doc.counted && doc.counted.size > 0) return countsIt(text, doc.counted);
      return kind === 'jobs' || flags.jobs;
    case 'capacity':
      return kind === 'capacity' || flags.capacity;
    case 'when':
      // "How long…?", "what period…?": a length of time, or a span ("until 2030", "from 2024 to 2027").
      if (doc.duration === true) return flags.duration || SPAN.test(text);
      return kind === 'date' || doc.dated || flags.time;
    case 'where':
      return kind === 'location' || doc.hasPlace || flags.placeNoun;
    case 'who':
      // A person, an organisation, or kinds of them ("sovereign wealth funds and pension funds").
      return kind === 'role' || doc.hasPerson || doc.hasOtherOrganisation || (doc.bodiesAnswer === true && flags.bodies);
    case 'role':
      return kind === 'role' || doc.hasPerson;
    case 'announcement':
      return kind !== undefined && PREFERRED_KINDS.announcement.includes(kind);
    case 'what':
    case 'general':
      return true;
  }
}

interface TextFlags {
  money: boolean;
  number: boolean;
  percent: boolean;
  ranking: boolean;
  jobs: boolean;
  capacity: boolean;
  /** A date or a point in time ("August 1", "2024", "next year"). */
  time: boolean;
  /** A length of time ("nine years"). */
  duration: boolean;
  placeNoun: boolean;
  /** It speaks of the future ("will", "plans to"). */
  future: boolean;
  bodies: boolean;
  words: string[];
}

const flagCache = new Map<string, TextFlags>();

export function textFlagsOf(text: string): Pick<TextFlags, 'future'> {
  return flagsOf(text);
}

/** What a text offers (figures, dates, places, job words), worked out once per text: the same facts recur across questions. */
function flagsOf(text: string): TextFlags {
  let flags = flagCache.get(text);
  if (flags) return flags;
  flags = {
    money: MONEY.test(text),
    number: NUMBER.test(text),
    percent: PERCENT.test(text),
    ranking: /\b(largest|second|first|top|leading)\b/i.test(text),
    jobs: /\b(jobs?|hire|hiring|recruit\w*|staff|talents?|employ\w*|professionals)\b/i.test(text),
    capacity: /\b(capacity|production|produce|wafers?|satellites?)\b/i.test(text),
    time: TIME.test(text),
    duration: DURATION.test(text),
    placeNoun: PLACE_NOUN.test(text),
    future: /\b(will|plans? to|aims? to|expected to|intends? to|is to|are to|set to)\b/i.test(text),
    bodies: /\b(funds|companies|firms|investors|institutions|universities|banks|governments|enterprises|corporations|partners|startups|start-ups|organi[sz]ations|agencies|authorities)\b/i.test(text),
    words: words(text),
  };
  if (flagCache.size > 50_000) flagCache.clear();
  flagCache.set(text, flags);
  return flags;
}

const NUMBER_WORD = /^(\d[\d.,]*|half|dozens?|hundreds?|thousands?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)$/;

/** Is there a figure in the text with a counted word right after it (or just before it)? "240,000 SiC wafers" counts wafers. */
const LINKING = /^(was|were|is|are|reached|hit|stood|totalled|totaled|nearing|neared|near|exceeded|surpassed|topped|to|at)$/;

function countsIt(text: string, counted: ReadonlySet<string>): boolean {
  const ws = flagsOf(text).words;
  for (let i = 0; i < ws.length; i++) {
    // A year ("in 2023") counts nothing.
    if (!NUMBER_WORD.test(ws[i]!) || /^(1[89]|20)\d\d$/.test(ws[i]!)) continue;
    // "36 per cent of the projects" is a share of them, not a count.
    if (/^(per|percent|%)$/.test(ws[i + 1] ?? '') || /%$/.test(ws[i]!)) continue;
    // "The number of startups in Hong Kong hit 4,694": what a figure counts can be named well before it.
    const numberOf = ws.lastIndexOf('number', i);
    // "the combined workforce of these startups was nearing 18,000": the counted noun is the subject of a verb of amount.
    const linked = i >= 2 && LINKING.test(ws[i - 1]!) ? Math.max(0, i - 7) : Math.max(0, i - 2);
    const from = numberOf >= 0 && i - numberOf <= 18 && ws[numberOf + 1] === 'of' ? numberOf : linked;
    for (let j = from; j <= Math.min(ws.length - 1, i + 7); j++) {
      if (j !== i && termsOf(ws[j]!).some((t) => counted.has(t))) return true;
    }
  }
  return false;
}

/** Words that say what a question asks for more than what it is about ("invest" in "how much will X invest?"). */
const CUES: Partial<Record<Intent, RegExp>> = {
  money: /^(invest\w*|cost\w*|spend\w*|fund\w*|price|worth|budget|valu\w*|money|dollars?|size|amount|scale|total|sum|figure)$/,
  count: /^(people|persons|number|total|amount|size|figure|count)$/,
  jobs: /^(jobs?|hir\w+|recruit\w*|employ\w*|staff|headcount|workers?|positions?|people|persons)$/,
  capacity: /^(capacity|production|output)$/,
  ranking: /^(rank\w*|position|place[ds]?)$/,
  role: /^(ceo|chief|executive|chairman|chair|head|heads|lead|leads|runs?|director|secretary|president|boss|manager|role|title)$/,
  who: /^(role|title|position|company|companies|firms?|organi[sz]ations?|banks?|financial|institutions?|bod(y|ies)|groups?|makers?)$/,
  announcement: /^(announc\w*|unveil\w*|pledg\w*|plans?|planning|launch\w*|news|消息|最新|新闻|动态|进展|近况|最近)$/,
  when: /^(date|year|timeline|time|run|runs|last|lasts|take|takes|period|span|cover|covers|frame|timeframe)$/,
  where: /^(located|location|based|address|district|city|place)$/,
  what: /^(kind|type|sort|company|firm|organi[sz]ation|business|body|thing|make|makes|produce|produces|sell|sells|manufacture|manufactures|offer|offers)$/,
};

export function isIntentCue(intent: Intent, word: string): boolean {
  return CUES[intent]?.test(word) ?? false;
}
