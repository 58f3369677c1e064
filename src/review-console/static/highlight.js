/**
 * The passages two complaint texts share, found with character 3-grams — the unit the similarity
 * index compares (spec: template uses often share 0.5–0.7 of their 3-grams). A character is
 * marked when some 3-gram covering it also occurs in the other text, so every common substring of
 * three or more characters comes out as one marked run. Texts are split into code points so a
 * character outside the BMP counts once. No DOM here: the page turns segments into text and <mark>.
 */

export const GRAM = 3;

function gramsOf(chars, n) {
  const grams = new Set();
  for (let i = 0; i + n <= chars.length; i++) grams.add(chars.slice(i, i + n).join(''));
  return grams;
}

/** Which characters of `chars` a gram of `other` covers, and the share of grams found there. */
function coverage(chars, other, n) {
  const marked = new Array(chars.length).fill(false);
  let total = 0;
  let found = 0;
  for (let i = 0; i + n <= chars.length; i++) {
    total++;
    if (other.has(chars.slice(i, i + n).join(''))) {
      found++;
      marked.fill(true, i, i + n);
    }
  }
  return { marked, share: total === 0 ? 0 : found / total };
}

/** Consecutive characters with the same marking, as [{ text, shared }]. */
function segments(chars, marked) {
  const out = [];
  for (let i = 0; i < chars.length; i++) {
    const last = out[out.length - 1];
    if (last && last.shared === marked[i]) last.text += chars[i];
    else out.push({ text: chars[i], shared: marked[i] });
  }
  return out;
}

/**
 * sharedPassages('甲乙丙丁', '乙丙丁戊') →
 *   { left: { segments: [{text:'甲',shared:false},{text:'乙丙丁',shared:true}], share: 0.5 }, right: … }
 * `share` is the fraction of a text's 3-grams that also occur in the other text.
 */
export function sharedPassages(a, b, n = GRAM) {
  const left = Array.from(String(a ?? ''));
  const right = Array.from(String(b ?? ''));
  const l = coverage(left, gramsOf(right, n), n);
  const r = coverage(right, gramsOf(left, n), n);
  return {
    left: { segments: segments(left, l.marked), share: l.share },
    right: { segments: segments(right, r.marked), share: r.share },
  };
}
