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
}

export interface AmountsLexicon {
  paid: string[];
  total: string[];
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
// integer, 'amount' a positive number, an object shape lists its keys (all required, no others
// except "$comment"), and a one-element array shape means "non-empty list of this".
type Shape = 'phrases' | 'gap' | 'amount' | 'multiple' | 'code' | { [key: string]: Shape } | [Shape];

const multipleRecord = { '10x': 'phrases', '3x': 'phrases' } as const;

const SHAPES: Record<LexiconFile, Shape> = {
  punitive: {
    phrases: { ...multipleRecord, other: 'phrases' },
    multiples: multipleRecord,
    multipleContext: 'phrases',
    maxGap: 'gap',
    shorthand: { lead: 'phrases', pay: 'phrases' },
    floors: [{ amount: 'amount', multiple: 'multiple' }],
    floorWords: { below: 'phrases', then: 'phrases' },
  },
  amounts: {
    paid: 'phrases',
    total: 'phrases',
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
};

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
  } else if (shape === 'code') {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9_]*$/.test(value)) fail('expected a snake_case code');
  } else if (Array.isArray(shape)) {
    if (!Array.isArray(value) || value.length === 0) fail('expected a non-empty list');
    (value as unknown[]).forEach((item, i) => check(item, shape[0], file, `${path}[${i}]`));
  } else {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('expected an object');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key !== '$comment' && !(key in shape)) fail(`unknown key "${key}"`);
    }
    for (const [key, inner] of Object.entries(shape)) {
      const at = path ? `${path}.${key}` : key;
      if (!(key in record)) throw new LexiconError(file, at, 'missing');
      check(record[key], inner, file, at);
    }
  }
}

/**
 * Checks lexicon data (the shipped files, or a rule set's own) and returns it typed.
 * Throws LexiconError naming the file and the offending key.
 */
export function validateLexicon(files: Record<LexiconFile, unknown>): Lexicon {
  for (const file of Object.keys(SHAPES) as LexiconFile[]) {
    check(files[file], SHAPES[file], file, '');
  }
  const codes = (files.categories as CategoriesLexicon).categories.map((c) => c.code);
  const repeated = codes.find((code, i) => codes.indexOf(code) !== i);
  if (repeated) throw new LexiconError('categories', 'categories', `category "${repeated}" is listed twice`);
  return files as Lexicon;
}

let shipped: Lexicon | undefined;

/** The lexicons shipped in src/detection/lexicons, validated on first use. */
export function shippedLexicon(): Lexicon {
  shipped ??= validateLexicon({ punitive, amounts, negation, allegations, harm, threat, reward, categories });
  return shipped;
}
