/**
 * The text-signal lexicons are data (src/detection/lexicons/*.json) so the bureau can extend them
 * without code changes. Because people edit them by hand, every file is checked against its shape
 * once, and a mistake names the file and the key instead of silently matching nothing.
 */
import punitive from './lexicons/punitive.json' with { type: 'json' };
import amounts from './lexicons/amounts.json' with { type: 'json' };
import negation from './lexicons/negation.json' with { type: 'json' };
import allegations from './lexicons/allegations.json' with { type: 'json' };
import harm from './lexicons/harm.json' with { type: 'json' };
import threat from './lexicons/threat.json' with { type: 'json' };
import reward from './lexicons/reward.json' with { type: 'json' };
import categories from './lexicons/categories.json' with { type: 'json' };
import v2Overlay from './lexicons/v2.json' with { type: 'json' };

export type StatutoryMultiple = '10x' | '3x';
export type PunitiveMultiple = StatutoryMultiple | 'other';

export interface PunitiveLexicon {
  phrases: Record<PunitiveMultiple, string[]>;
  multiples: Record<StatutoryMultiple, string[]>;
  multipleContext: string[];
  maxGap: number;
  shorthand: { lead: string[]; pay: string[] };
  floors: Array<{ amount: number; multiple: StatutoryMultiple }>;
  floorWords: { below: string[]; then: string[] };
  /**
   * From v2: the statutes whose article is itself the punitive rule — citing it (依据《食品安全法》
   * 第一百四十八条, 消法55条) is demanding its multiple.
   */
  statutes?: Array<{ laws: string[]; article: number; multiple: StatutoryMultiple }>;
}

export interface AmountsLexicon {
  paid: string[];
  total: string[];
  /**
   * From v2: a total equal to the sum of the amounts listed before it in its sentence is only
   * their sum (退还货款9.9元，赔偿1000元，合计1009.9元) — neither a price nor a compensation.
   */
  totalsAddUp?: boolean;
  payVerbs: string[];
  refund: string[];
  claim: string[];
  after: { paid: string[]; claim: string[] };
  demandVerbs: string[];
  neutral: string[];
  maxGap: number;
}

export interface NegationLexicon {
  cues: string[];
  hypothetical: string[];
  post: string[];
  lookalikes: string[];
  terminators: string[];
  maxGap: number;
}

export interface AllegationsLexicon {
  label: string[];
  advertising: string[];
  absoluteWords: string[];
  advertisingContext: string[];
  lookalikes: string[];
  substantive: string[];
}

export interface HarmLexicon {
  phrases: string[];
  lookalikes: string[];
}

export interface ThreatLexicon {
  phrases: string[];
  conditions: string[];
  consequences: string[];
  maxGap: number;
}

export interface RewardLexicon {
  phrases: string[];
}

/** From v2: quantities bought, read from the text (购买了270袋, 共46瓶) when no field gives one. */
export interface QuantityLexicon {
  /** Words after which a count of goods bought follows within maxGap characters. */
  verbs: string[];
  /** Counting units of goods; a count in any other unit (平方米, 人, 户) is not a quantity bought. */
  units: string[];
  maxGap: number;
}

/** From v2: goods sold past their shelf life, read from dates (生产日期…保质期9个月 … 购买于…). */
export interface ExpiryLexicon {
  /** Words before a production date. */
  produced: string[];
  /** Words before a shelf life (保质期12个月) or an end date (保质期至2018年10月8日). */
  shelfLife: string[];
  /** Words that date the purchase (购买, 购得): the nearest date before them is the purchase date. */
  bought: string[];
  maxGap: number;
}

export interface CategoriesLexicon {
  categories: Array<{ code: string; keywords: string[] }>;
  lookalikes: string[];
}

export interface Lexicon {
  punitive: PunitiveLexicon;
  amounts: AmountsLexicon;
  negation: NegationLexicon;
  allegations: AllegationsLexicon;
  harm: HarmLexicon;
  threat: ThreatLexicon;
  reward: RewardLexicon;
  categories: CategoriesLexicon;
  quantity?: QuantityLexicon;
  expiry?: ExpiryLexicon;
}

export type LexiconFile = keyof Lexicon;

export class LexiconError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    problem: string,
  ) {
    super(`Lexicon ${file}.json is malformed at ${path || '(top level)'}: ${problem}`);
    this.name = 'LexiconError';
  }
}

// A shape is a tiny schema: 'phrases' is a non-empty list of non-empty strings, 'gap' a positive
// integer, 'amount' a positive number, 'flag' a boolean, an object shape lists its keys (all
// required unless the key ends in "?", no others except "$comment"), and a one-element array shape
// means "non-empty list of this".
type Shape = 'phrases' | 'gap' | 'amount' | 'multiple' | 'code' | 'flag' | { [key: string]: Shape } | [Shape];

const multipleRecord = { '10x': 'phrases', '3x': 'phrases' } as const;

const SHAPES: Record<LexiconFile, Shape> = {
  punitive: {
    phrases: { ...multipleRecord, other: 'phrases' },
    multiples: multipleRecord,
    multipleContext: 'phrases',
    maxGap: 'gap',
    shorthand: { lead: 'phrases', pay: 'phrases' },
    floors: [{ amount: 'amount', multiple: 'multiple' }],
    // biome-ignore lint/suspicious/noThenProperty: a lexicon field ("below … then …"), never awaited.
    floorWords: { below: 'phrases', then: 'phrases' },
    'statutes?': [{ laws: 'phrases', article: 'gap', multiple: 'multiple' }],
  },
  amounts: {
    paid: 'phrases',
    total: 'phrases',
    'totalsAddUp?': 'flag',
    payVerbs: 'phrases',
    refund: 'phrases',
    claim: 'phrases',
    after: { paid: 'phrases', claim: 'phrases' },
    demandVerbs: 'phrases',
    neutral: 'phrases',
    maxGap: 'gap',
  },
  negation: {
    cues: 'phrases',
    hypothetical: 'phrases',
    post: 'phrases',
    lookalikes: 'phrases',
    terminators: 'phrases',
    maxGap: 'gap',
  },
  allegations: {
    label: 'phrases',
    advertising: 'phrases',
    absoluteWords: 'phrases',
    advertisingContext: 'phrases',
    lookalikes: 'phrases',
    substantive: 'phrases',
  },
  harm: { phrases: 'phrases', lookalikes: 'phrases' },
  threat: { phrases: 'phrases', conditions: 'phrases', consequences: 'phrases', maxGap: 'gap' },
  reward: { phrases: 'phrases' },
  categories: { categories: [{ code: 'code', keywords: 'phrases' }], lookalikes: 'phrases' },
  quantity: { verbs: 'phrases', units: 'phrases', maxGap: 'gap' },
  expiry: { produced: 'phrases', shelfLife: 'phrases', bought: 'phrases', maxGap: 'gap' },
};
/** Lexicon files a version may leave out (the readers they drive are then off). */
const OPTIONAL_FILES = new Set<LexiconFile>(['quantity', 'expiry']);

function check(value: unknown, shape: Shape, file: string, path: string): void {
  const fail = (problem: string): never => {
    throw new LexiconError(file, path, problem);
  };
  if (shape === 'phrases') {
    if (!Array.isArray(value) || value.length === 0) fail('expected a non-empty list of phrases');
    (value as unknown[]).forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') {
        throw new LexiconError(file, `${path}[${i}]`, 'expected a non-empty string');
      }
    });
  } else if (shape === 'gap') {
    if (!Number.isInteger(value) || (value as number) < 1) fail('expected a positive integer');
  } else if (shape === 'amount') {
    if (typeof value !== 'number' || !(value > 0)) fail('expected a positive number');
  } else if (shape === 'multiple') {
    if (value !== '10x' && value !== '3x') fail('expected "10x" or "3x"');
  } else if (shape === 'flag') {
    if (typeof value !== 'boolean') fail('expected true or false');
  } else if (shape === 'code') {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9_]*$/.test(value)) fail('expected a snake_case code');
  } else if (Array.isArray(shape)) {
    if (!Array.isArray(value) || value.length === 0) fail('expected a non-empty list');
    (value as unknown[]).forEach((item, i) => check(item, shape[0], file, `${path}[${i}]`));
  } else {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected an object');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key !== '$comment' && !(key in shape) && !(`${key}?` in shape)) fail(`unknown key "${key}"`);
    }
    for (const [entry, inner] of Object.entries(shape)) {
      const optional = entry.endsWith('?');
      const key = optional ? entry.slice(0, -1) : entry;
      const at = path ? `${path}.${key}` : key;
      if (!(key in record)) {
        if (optional) continue;
        throw new LexiconError(file, at, 'missing');
      }
      check(record[key], inner, file, at);
    }
  }
}

/**
 * Checks lexicon data (the shipped files, or a rule set's own) and returns it typed.
 * Throws LexiconError naming the file and the offending key.
 */
export function validateLexicon(files: Partial<Record<LexiconFile, unknown>>): Lexicon {
  for (const file of Object.keys(SHAPES) as LexiconFile[]) {
    if (OPTIONAL_FILES.has(file) && files[file] === undefined) continue;
    check(files[file], SHAPES[file], file, '');
  }
  const codes = (files.categories as CategoriesLexicon).categories.map((c) => c.code);
  const repeated = codes.find((code, i) => codes.indexOf(code) !== i);
  if (repeated) throw new LexiconError('categories', 'categories', `category "${repeated}" is listed twice`);
  return files as Lexicon;
}

/**
 * Lexicon versions shipped with the code. A rule set names the one it reads texts with (v1 when it
 * names none), and every complaint's facts are read with each of them at intake, so stored
 * assessments made under v1 stay reproducible while v2 reads more.
 */
export const LEXICON_VERSIONS = ['v1', 'v2'] as const;
export type LexiconVersion = (typeof LEXICON_VERSIONS)[number];

const V1_FILES = { punitive, amounts, negation, allegations, harm, threat, reward, categories };

/**
 * A later version is written as what it adds to the one before (`lexicons/v2.json`): lists are
 * extended (without repeats), objects merged key by key, other values replaced; whole new files
 * are given in full. Reviewing a version is reading its additions. (A category added twice is
 * refused by validation, which names it.)
 */
function overlay(base: unknown, add: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(add)) return [...new Set([...base, ...add])];
  if (base && add && typeof base === 'object' && typeof add === 'object' && !Array.isArray(base) && !Array.isArray(add)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [key, value] of Object.entries(add)) out[key] = key in out ? overlay(out[key], value) : value;
    return out;
  }
  return add;
}

const cache = new Map<LexiconVersion, Lexicon>();

/** The lexicon of a shipped version, validated on first use. */
export function lexiconFor(version: LexiconVersion): Lexicon {
  let lexicon = cache.get(version);
  if (!lexicon) {
    const { $comment: _, ...add } = v2Overlay as Record<string, unknown>;
    const files = version === 'v1' ? V1_FILES : (overlay(V1_FILES, add) as Record<LexiconFile, unknown>);
    lexicon = validateLexicon(files);
    cache.set(version, lexicon);
  }
  return lexicon;
}

/** The v1 lexicons shipped in src/detection/lexicons. */
export function shippedLexicon(): Lexicon {
  return lexiconFor('v1');
}
