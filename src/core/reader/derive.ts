// From readings to knowledge: names resolved to the entities we have (or new derived ones), and facts per sentence and post.
import type { Entity, EntityType, Fact, FactKind, FactValue, Source } from '../knowledge/schema.js';
import type { LexiconSets } from './lexicon-sets.js';
import type { NameSpan, PostSpan, Reading, ValueSpan } from './types.js';

export interface Derived {
  /** New entities first seen in the articles. */
  entities: Entity[];
  /** Aliases the articles add to entities we already had ("Hong Kong Science and Technology Parks Corp"). */
  aliases: Map<string, string[]>;
  /** Role relations the articles add to people we already had. */
  relations: Map<string, Entity['relations']>;
  facts: Fact[];
}

const LEGAL_SUFFIXES = new Set(['corporation', 'corp', 'company', 'co', 'limited', 'ltd', 'inc', 'incorporated', 'plc', 'llc']);
const SUFFIX_FORMS: Array<[RegExp, string]> = [
  [/\bcorp\.?$/i, 'Corporation'],
  [/\bcorporation$/i, 'Corp'],
  [/\bltd\.?$/i, 'Limited'],
  [/\blimited$/i, 'Ltd'],
];

export function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/'s$/, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s'.-]/gu, ' ')
    .replace(/^the\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The name without its legal form ("hong kong investment corp" → "hong kong investment"), for matching only. */
function coreKey(key: string): string | undefined {
  const words = key.split(' ');
  let n = words.length;
  while (n > 1 && LEGAL_SUFFIXES.has(words[n - 1]!.replace(/\.$/, ''))) n--;
  return n < words.length && n >= 2 ? words.slice(0, n).join(' ') : undefined;
}

/** "clara chan" for "Clara Chan Ka-chai": a person's given and family name, how other articles write them. */
function personKey(key: string): string | undefined {
  const words = key.split(' ').filter((w) => !/-/.test(w) || key.split(' ').indexOf(w) === 0);
  return words.length >= 2 ? words.slice(0, 2).join(' ') : undefined;
}

export function slugOf(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'entity'
  );
}

interface Registry {
  byKey: Map<string, string>;
  byCore: Map<string, string>;
  byPerson: Map<string, string>;
  entities: Map<string, Entity>;
  derived: Entity[];
  aliasesOf: Map<string, string[]>;
  claimed: Map<string, string>;
}

/** Derive entities and facts from the readings of every source, on top of the curated entities. */
export function deriveKnowledge(input: { sources: Source[]; entities: Entity[]; readings: Map<string, Reading>; lex: LexiconSets }): Derived {
  const reg: Registry = { byKey: new Map(), byCore: new Map(), byPerson: new Map(), entities: new Map(), derived: [], aliasesOf: new Map(), claimed: new Map() };
  for (const entity of input.entities) {
    reg.entities.set(entity.id, entity);
    for (const alias of [entity.name, ...entity.aliases]) register(reg, entity, alias, false);
  }
  const relations = new Map<string, Entity['relations']>();
  const facts: Fact[] = [];
  const ordered = [...input.sources].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  for (const source of ordered) {
    const reading = input.readings.get(source.id);
    if (!reading) continue;
    // Short forms first: "Hong Kong Investment Corp (HKIC)" makes HKIC and the long name one entity.
    for (const def of reading.definitions) {
      const longId = resolve(reg, def.long, 'organisation');
      const shortId = resolve(reg, def.short, 'organisation');
      const id = longId ?? shortId ?? create(reg, def.long, typeOfDefinition(reading, def.long), source);
      register(reg, reg.entities.get(id)!, def.long, true);
      register(reg, reg.entities.get(id)!, def.short, true);
    }
    const idOf = new Map<string, string>();
    const also = new Map<string, string[]>();
    for (const name of reading.names) {
      if (idOf.has(name.text)) {
        describe(reg.entities.get(idOf.get(name.text)!)!, name.description, reg);
        continue;
      }
      // "Launch Ceremony" after "InnoHK Launch Ceremony", "Uspace" after "USpace Technology": a shorter form of a
      // name the article already used.
      const words = name.text.toLowerCase();
      const longer =
        name.type === 'person'
          ? undefined
          : name.text.split(' ').length >= 2
            ? [...idOf.keys()].find((n) => n.toLowerCase().endsWith(` ${words}`))
            : [...idOf.keys()].find((n) => n.includes(' ') && n.toLowerCase().startsWith(`${words} `) && reg.entities.get(idOf.get(n)!)?.type !== 'person');
      // "Cyberport and Shanghai Lingang Group": two names we know, not a third.
      const parts = / and /.test(name.text) && !resolve(reg, name.text, name.type) ? name.text.split(/ and /).map((p) => resolve(reg, p, name.type)) : [];
      if (parts.length > 1 && parts.every(Boolean)) {
        idOf.set(name.text, parts[0]!);
        also.set(name.text, parts.slice(1) as string[]);
        continue;
      }
      const known = resolve(reg, name.text, name.type) ?? (longer ? idOf.get(longer) : undefined);
      if (!known && name.doubtful) continue;
      const id = known ?? create(reg, name.text, name.type, source);
      idOf.set(name.text, id);
      describe(reg.entities.get(id)!, name.description, reg);
    }
    for (const post of reading.posts) addRole(reg, relations, post, idOf, source);
    facts.push(...sentenceFacts(source, reading, idOf, reg, input.lex, also));
  }
  addOtherNames(reg, input.lex.raw.other_names);
  return { entities: reg.derived, aliases: reg.aliasesOf, relations, facts };
}

/** An entity known by one name of a group of the lexicon's `other_names` ("InvestHK") takes the others ("投資推廣署"). */
function addOtherNames(reg: Registry, groups: readonly (readonly string[])[]): void {
  for (const group of groups) {
    const keys = new Set(group.map(nameKey));
    const ids = new Set([...keys].map((key) => reg.byKey.get(key)).filter((id): id is string => id !== undefined));
    // A group that two entities answer to (an article's "HKU" and another's "University of Hong Kong", kept apart)
    // gives its names to neither.
    if (ids.size !== 1) continue;
    const entity = reg.entities.get([...ids][0]!)!;
    for (const name of group) register(reg, entity, name, true);
  }
}

/** A new entity takes the article's own words for what it is ("a Chinese AI logistics company"). */
function describe(entity: Entity, description: string | undefined, reg: Registry): void {
  if (!description || !reg.derived.includes(entity) || !GENERIC_DESCRIPTION.test(entity.description)) return;
  entity.description = `${description.charAt(0).toUpperCase()}${description.slice(1)}${/[.!?]$/.test(description) ? '' : '.'}`;
}

/** The description a new entity has until an article says what it is. */
export const GENERIC_DESCRIPTION = /^(An? [a-z ]+ named in|Named in) "/;

function typeOfDefinition(reading: Reading, long: string): EntityType {
  return reading.names.find((n) => n.text === long)?.type ?? 'organisation';
}

/** The entity a name stands for: an alias, the same name in another legal form, or the same person. */
function resolve(reg: Registry, name: string, type: EntityType): string | undefined {
  const key = nameKey(name);
  const direct = reg.byKey.get(key);
  if (direct) return direct;
  const core = coreKey(key);
  if (core && reg.byCore.has(core)) return reg.byCore.get(core);
  if (reg.byKey.has(core ?? '')) return reg.byKey.get(core!);
  if (reg.byCore.has(key)) return reg.byCore.get(key);
  if (type === 'person') {
    const person = personKey(key);
    if (person && reg.byPerson.has(person)) return reg.byPerson.get(person);
  }
  return undefined;
}

function register(reg: Registry, entity: Entity, alias: string, derivedAlias: boolean): void {
  const key = nameKey(alias);
  if (!key) return;
  const owner = reg.claimed.get(key);
  if (owner && owner !== entity.id) return;
  reg.claimed.set(key, entity.id);
  if (!reg.byKey.has(key)) reg.byKey.set(key, entity.id);
  const core = coreKey(key);
  if (core && !reg.byCore.has(core)) reg.byCore.set(core, entity.id);
  if (entity.type === 'person') {
    const person = personKey(key);
    if (person && !reg.byPerson.has(person)) reg.byPerson.set(person, entity.id);
  }
  if (!derivedAlias) return;
  const known = [entity.name, ...entity.aliases, ...(reg.aliasesOf.get(entity.id) ?? [])].map((a) => a.toLowerCase());
  if (known.includes(alias.toLowerCase())) return;
  if (reg.derived.includes(entity)) entity.aliases.push(alias);
  else reg.aliasesOf.set(entity.id, [...(reg.aliasesOf.get(entity.id) ?? []), alias]);
}

/** A new entity first seen in this source, with the other ways of writing its name as aliases. */
function create(reg: Registry, name: string, type: EntityType, source: Source): string {
  let id = slugOf(name);
  for (let n = 2; reg.entities.has(id); n++) id = `${slugOf(name)}-${n}`;
  const entity: Entity = {
    id,
    type,
    name,
    description: `${TYPE_LABEL[type] ?? 'Named'} in "${source.title}"${source.date ? ` (${source.date})` : ''}.`,
    aliases: [],
    sectors: [],
    relations: [],
    provenance: 'derived',
  };
  reg.entities.set(id, entity);
  reg.derived.push(entity);
  register(reg, entity, name, false);
  for (const [pattern, replacement] of SUFFIX_FORMS) {
    if (pattern.test(name)) register(reg, entity, name.replace(pattern, replacement), true);
  }
  // "HKSTP Innovation Mixer" is also "Innovation Mixer": a name that opens with a known name or a short form.
  const words = name.split(' ');
  if (type !== 'person' && words.length >= 3 && (/^\p{Lu}{2,}$/u.test(words[0]!) || reg.byKey.has(nameKey(words[0]!)))) register(reg, entity, words.slice(1).join(' '), true);
  // "HKSTP Ideation Programme", "Cyberport Investor Network": named after the organisation that runs it.
  if (type !== 'person' && type !== 'place') {
    for (let n = Math.min(words.length - 1, 4); n >= 1; n--) {
      const owner = reg.entities.get(reg.byKey.get(nameKey(words.slice(0, n).join(' '))) ?? '');
      if (owner && owner.id !== id && OWNER_TYPES.has(owner.type)) {
        entity.relations.push({ type: 'operated_by', target: owner.id });
        break;
      }
    }
  }
  // "Tidewater Quantum Limited" is "Tidewater Quantum" when the article or a question is brief.
  const core = coreKey(nameKey(name));
  if (core && type !== 'person') register(reg, entity, name.split(' ').slice(0, core.split(' ').length).join(' '), true);
  if (type === 'person') {
    const words = name.split(' ');
    // "Clara Chan Ka-chai" is also "Clara Chan"; "H.L. Yiu" also "HL Yiu".
    if (words.length >= 3 && /-/.test(words[words.length - 1]!)) register(reg, entity, words.slice(0, -1).join(' '), true);
    if (/\./.test(name)) register(reg, entity, name.replace(/\./g, ''), true);
  }
  return id;
}

/** What runs the programmes, funds and events named after it. */
const OWNER_TYPES: ReadonlySet<EntityType> = new Set(['organisation', 'company', 'government']);

const TYPE_LABEL: Partial<Record<EntityType, string>> = {
  person: 'A person named',
  organisation: 'An organisation named',
  company: 'A company named',
  government: 'A government body named',
  place: 'A place named',
  park: 'A park or site named',
  programme: 'A programme or initiative named',
  fund: 'A fund named',
  event: 'An event named',
  facility: 'A facility named',
};

/** A person's post becomes a role relation and a description; a post being left says "former". */
function addRole(reg: Registry, relations: Map<string, Entity['relations']>, post: PostSpan, idOf: Map<string, string>, source: Source): void {
  const personId = idOf.get(post.person) ?? resolve(reg, post.person, 'person');
  const person = personId ? reg.entities.get(personId) : undefined;
  if (!person || person.type !== 'person') return;
  const orgId = post.organisation ? (idOf.get(post.organisation) ?? resolve(reg, post.organisation, 'organisation')) : undefined;
  const target = orgId && reg.entities.get(orgId)?.type !== 'person' ? orgId : undefined;
  const value = post.change === 'replaced' ? `former ${post.title}` : post.title;
  const relation = { type: 'role' as const, value, source: source.id, ...(target ? { target } : {}) };
  if (reg.derived.includes(person)) {
    if (!person.relations.some((r) => r.type === 'role' && r.value === value && r.target === relation.target)) person.relations.push(relation);
    if (post.change !== 'replaced' && person.description.startsWith('A person named')) {
      const org = target ? reg.entities.get(target)!.name : post.organisation;
      person.description = `${capitalise(post.title)}${org ? ` of ${org}` : ''} (as of ${source.date}).`;
    }
  } else {
    const list = relations.get(person.id) ?? [];
    if (!list.some((r) => r.value === value && r.target === relation.target)) list.push(relation);
    relations.set(person.id, list);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const ANNOUNCE = /\b(announc\w*|unveil\w*|launch\w*|plans?|planning|will|set(?:ting)? up|establish\w*|sign\w*|introduc\w*|open\w*|expand\w*|aims?)\b/i;
const DATED = /\b(held|hosted|took place|launched|established|founded|set up|opened|joined|started|began|appointed)\b/i;

/** One fact per sentence that is about something we can name, and one per post a person holds. */
function sentenceFacts(source: Source, reading: Reading, idOf: Map<string, string>, reg: Registry, lex: LexiconSets, also: Map<string, string[]>): Fact[] {
  const facts: Fact[] = [];
  // Passages whose figures were garbled in the source are never stated as facts: their unreliable record speaks for them.
  const garbled = source.unreliable.map((u) => u.text.replace(/\s+/g, ' '));
  reading.sentences.forEach((span, index) => {
    const quote = source.body.slice(span.start, span.end).trim();
    if (quote.length < 12 || quote.length > 1200) return;
    const flat = quote.replace(/\s+/g, ' ');
    if (garbled.some((g) => flat.includes(g) || g.includes(flat))) return;
    const names = reading.names.filter((n) => n.sentence === index);
    const ids = [...new Set(names.flatMap((n) => [idOf.get(n.text), ...(also.get(n.text) ?? [])]).filter((id): id is string => Boolean(id)))];
    const subjectName = reading.subjects[index];
    const speaker = reading.speakers[index];
    const subjectId = (subjectName ? (idOf.get(subjectName) ?? resolve(reg, subjectName, 'organisation')) : undefined) ?? ids.find((id) => reg.entities.get(id)?.type !== 'place') ?? ids[0];
    if (!subjectId) return;
    const speakerId = speaker ? (idOf.get(speaker) ?? resolve(reg, speaker, 'person')) : undefined;
    const values = reading.values.filter((v) => v.sentence === index);
    const posts = reading.posts.filter((p) => p.sentence === index);
    const referred = (reading.references?.[index] ?? []).map((n) => idOf.get(n) ?? resolve(reg, n, 'organisation')).filter((id): id is string => Boolean(id));
    const entities = [...new Set([...ids, ...(speakerId ? [speakerId] : []), ...referred])].filter((id) => id !== subjectId);
    const date = values.find((v) => v.date && (v.type === 'date' || v.type === 'year'))?.date;
    facts.push({
      id: `${source.id}-s${index + 1}`,
      subject: subjectId,
      entities,
      kind: kindOf(quote, values, posts.length > 0, lex),
      statement: withAntecedent(quote.length <= 400 ? quote : `${quote.slice(0, 396)}…`, subjectName),
      values: values.map(toFactValue).filter((v): v is FactValue => v !== undefined),
      ...(date ? { date } : {}),
      source: source.id,
      quote,
      keywords: [],
      provenance: 'derived',
    });
    for (const post of posts) {
      const personId = idOf.get(post.person) ?? resolve(reg, post.person, 'person');
      if (!personId || reg.entities.get(personId)?.type !== 'person') continue;
      const person = reg.entities.get(personId)!;
      const orgId = post.organisation ? (idOf.get(post.organisation) ?? resolve(reg, post.organisation, 'organisation')) : undefined;
      const org = orgId ? reg.entities.get(orgId) : undefined;
      const title = post.title.replace(/\s+/g, ' ');
      const reported = source.date_note && /\bingested\b/i.test(source.date_note) ? undefined : source.date;
      const where = org ? (/\bof\b/i.test(title) ? `${org.name}'s ${title}` : `${title} of ${org.name}`) : title;
      // The name as this article writes it: an entity's other names may come from other articles.
      const written = post.person;
      const statement =
        post.change === 'replaced'
          ? `${written} was ${where.startsWith(org?.name ?? '\u0000') ? where : `the ${where}`} (being replaced${reported ? `, as of ${reported}` : ''}).`
          : `${written} is ${org && where.startsWith(org.name) ? where : `the ${where}`}${post.change === 'appointed' ? ` (appointed${reported ? `; reported ${reported}` : ''})` : ''}.`;
      if (statement.length < 10 || statement.length > 400) continue;
      facts.push({
        id: `${source.id}-s${index + 1}-role-${slugOf(person.name).slice(0, 30)}`,
        subject: personId,
        entities: org && org.id !== personId ? [org.id] : [],
        kind: 'role',
        statement,
        values: [],
        source: source.id,
        quote,
        keywords: post.change === 'replaced' ? [title, 'former'] : [title],
        provenance: 'derived',
      });
    }
  });
  return dedupeIds(facts);
}

function dedupeIds(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)));
}

function kindOf(quote: string, values: ValueSpan[], hasPost: boolean, lex: LexiconSets): FactKind {
  if (values.some((v) => v.type === 'count' && v.unit && v.unit.split(' ').some((w) => lex.jobNouns.has(w)) && /\b(jobs?|hire|hiring|employ\w*|create|positions|workforce|staff)\b/i.test(quote))) return 'jobs';
  if (values.some((v) => v.type === 'money')) return 'investment';
  if (values.some((v) => v.type === 'count' || v.type === 'percent' || v.type === 'area' || v.type === 'rank')) return 'statistic';
  if (hasPost) return 'role';
  if (values.length === 0 && /\b(located|based|headquartered|situated|sits|lies|address|campus|site)\b/i.test(quote)) return 'location';
  if (ANNOUNCE.test(quote)) return 'announcement';
  if (values.some((v) => v.type === 'date' || v.type === 'year') && DATED.test(quote)) return 'date';
  return 'description';
}

function toFactValue(v: ValueSpan): FactValue | undefined {
  if (!Number.isFinite(v.value)) return undefined;
  const type = v.type === 'date' ? 'year' : v.type;
  return {
    type,
    value: v.value,
    ...(v.currency ? { currency: v.currency } : {}),
    ...(v.unit ? { unit: v.unit } : {}),
    qualifier: v.qualifier,
  };
}

/** "The programme will be…", "He previously…", "Collectively, they…": a sentence that opens by referring back. */
const REFERRING_OPENING = /^((?:[\w'-]+(?: [\w'-]+){0,2},\s+)?(?:he|she|it|they|the (?:programme|program|scheme|initiative|company|firm|group|fund|centre|center|project|plan|facility|institute|park|event|agency|body|organisation|organization|platform|start-?up))\b)/i;

/**
 * What a sentence opening on "The programme…" or "He…" is about, named after the reference for the reader of the
 * answer: "The programme (AI Talent Programme) will be administered by…". The quote stays the article's words.
 */
function withAntecedent(sentence: string, subject: string | null | undefined): string {
  if (!subject || sentence.includes(subject)) return sentence;
  const opening = REFERRING_OPENING.exec(sentence);
  if (!opening) return sentence;
  const statement = `${opening[1]} (${subject})${sentence.slice(opening[1]!.length)}`;
  return statement.length <= 400 ? statement : sentence;
}
