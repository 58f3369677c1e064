/** What a complaint's text yields: the signals, each with the words it was read from, and the intake fields that win over the text. */
import type { PunitiveMultiple } from '../lexicon.js';

export type { PunitiveMultiple } from '../lexicon.js';
export const PUNITIVE_HOW = ['keyword', 'ratio', 'floor', 'shorthand', 'statute'] as const;
export type PunitiveHow = (typeof PUNITIVE_HOW)[number];

export interface PunitiveSignal {
  multiple: PunitiveMultiple;
  /** The strongest evidence for `multiple`: a keyword, then shorthand, a floor, a ratio. */
  how: PunitiveHow;
  phrases: string[];
}

export interface PhraseSignal {
  phrases: string[];
}

export interface LabelOrAdSignal {
  kinds: Array<'label' | 'advertising'>;
  phrases: string[];
}

export interface CategorySignal {
  code: string;
  phrases: string[];
}

/** Amounts in yuan as the text states them, to fill fields the intake left empty. */
export interface TextAmounts {
  paid?: number;
  claimed?: number;
}

export interface TextSignals {
  punitive: PunitiveSignal | null;
  amounts: TextAmounts;
  labelOrAd: LabelOrAdSignal | null;
  substantive: PhraseSignal | null;
  harm: PhraseSignal | null;
  threat: PhraseSignal | null;
  reward: PhraseSignal | null;
  category: CategorySignal | null;
  /** How many goods were bought, read from the text (lexicon v2 on; null otherwise). */
  quantity: { value: number; phrases: string[] } | null;
}

/**
 * Explicit intake fields. They win over the text: the category comes from `product` when it names
 * one, and the punitive arithmetic uses `paid` / `claimed` instead of amounts read from the text.
 */
export interface TextFields {
  product?: string;
  paid?: number;
  claimed?: number;
}

export type TextSignalReader = (text: string, fields?: TextFields) => TextSignals;
