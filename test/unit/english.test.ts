import t from 'tap';
import { createRequire } from 'node:module';
import { normaliseForMatching } from '../../src/text/normalise.js';

// natural's own word tokenizer and Porter stemmer are the reference for English text: the
// normaliser splits letter runs in its single pass over the text and stems each with natural.
const require = createRequire(import.meta.url);
const { WordTokenizer } = require('natural/lib/natural/tokenizers/index.js') as { WordTokenizer: new () => { tokenize(s: string): string[] } };
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(s: string): string };

t.test("English text is tokenised and stemmed as natural's WordTokenizer and PorterStemmer do", async (t) => {
  const sentences = [
    'I complained about the misleading labels; the shop refused refunds and keeps selling expired products.',
    "The seller didn't answer. Complaints, complaining, complained: all the same claim!",
    'Punitive damages of TEN times the price are demanded under the Food Safety Law.',
    'Fake-advertising   claims\twith\nodd spacing — and “quotes”.',
  ];
  const tokenizer = new WordTokenizer();
  for (const s of sentences) {
    const reference = tokenizer
      .tokenize(s.toLowerCase())
      .map((w) => porter.stem(w))
      .join('');
    t.equal(normaliseForMatching(s), reference, s);
  }
  t.equal(normaliseForMatching('Complained'), normaliseForMatching('complaining'), 'inflections meet');
});
