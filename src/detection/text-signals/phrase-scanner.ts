/**
 * The dictionary pass: every lexicon phrase found in one scan of the text, leftmost-longest and
 * non-overlapping, over a character trie.
 */
import { isAlnum } from './text.js';

export interface Match<P> {
  start: number;
  end: number;
  payload: P;
}

interface TrieNode<P> {
  next: Map<number, TrieNode<P>>;
  terminal: boolean;
  /** Absent on a lookalike, which only shadows the phrases inside it. */
  payload?: P;
}

/** Leftmost-longest, non-overlapping phrase matching over a character trie. */
export class PhraseScanner<P> {
  private readonly root: TrieNode<P> = { next: new Map(), terminal: false };
  /** First code units of all phrases: most characters start none, and this is cheaper than the map. */
  private readonly firsts = new Uint8Array(0x10000);

  constructor(private readonly merge: (a: P, b: P) => P) {}

  add(phrase: string, payload?: P): void {
    this.firsts[phrase.charCodeAt(0)] = 1;
    let node = this.root;
    for (let i = 0; i < phrase.length; i++) {
      const code = phrase.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map(), terminal: false };
        node.next.set(code, child);
      }
      node = child;
    }
    node.terminal = true;
    if (payload !== undefined) node.payload = node.payload === undefined ? payload : this.merge(node.payload, payload);
  }

  scan(text: string): Match<P>[] {
    const matches: Match<P>[] = [];
    const n = text.length;
    for (let i = 0; i < n; ) {
      // Latin words and numbers match whole: "ten times" not inside "often times", 3倍 not in 13倍.
      const first = text.charCodeAt(i);
      let node = this.firsts[first] === 1 ? this.root.next.get(first) : undefined;
      if (!node || (isAlnum(first) && isAlnum(text.charCodeAt(i - 1)))) {
        i++;
        continue;
      }
      let longest: TrieNode<P> | undefined;
      let end = -1;
      for (let j = i + 1; ; j++) {
        if (node.terminal && !(isAlnum(text.charCodeAt(j - 1)) && isAlnum(text.charCodeAt(j)))) {
          longest = node;
          end = j;
        }
        if (j >= n) break;
        const child: TrieNode<P> | undefined = node.next.get(text.charCodeAt(j));
        if (!child) break;
        node = child;
      }
      if (!longest) {
        i++;
        continue;
      }
      if (longest.payload !== undefined) matches.push({ start: i, end, payload: longest.payload });
      i = end;
    }
    return matches;
  }
}
