// Language-neutral tokens for the lexical ranker: words of alphabetic scripts (lower-cased, a plural
// -s dropped) and character bigrams of scripts written without spaces between words (Chinese,
// Japanese, Korean, and Thai, Lao, Khmer, Burmese), so a new language needs a lexicon file, never code.
// The bigram class is by script, plus the kana prolonged-sound mark ー/ｰ (Unicode gives it script
// Common, so without it ゲートウェイ split into ゲ and one unsplit rest-of-clause token); the
// Southeast Asian scripts are whole scripts, so their vowel and tone marks (\p{M}, not \p{L}) stay
// inside the run instead of cutting every word into fragments.

/** Scripts tokenized into character bigrams (see above). */
const BIGRAM = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\uff70\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}`;

// Made at the first tokenize(), not when the module loads: a regex literal with Unicode property
// classes costs ~1 ms to create in a fresh process, and a diagnosis with a strong finding never
// tokenizes (issue #13, start-up).
let runRe: RegExp | undefined;
let cjkRe: RegExp | undefined;

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

/** Tokens in reading order (repeats kept); `stop` words (and CJK bigrams holding a one-character stop word) are dropped. */
export function tokenize(text: string, stop?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  runRe ??= new RegExp(`[${BIGRAM}]+|[\\p{L}\\p{N}]+`, 'gu');
  cjkRe ??= new RegExp(`^[${BIGRAM}]`, 'u');
  for (const m of text.toLowerCase().matchAll(runRe)) {
    const run = m[0];
    if (cjkRe.test(run)) {
      const chars = [...run];
      const grams = chars.length === 1 ? [run] : chars.slice(1).map((c, i) => chars[i]! + c);
      // A one-character stop word (a particle such as 的) drops every bigram it is part of.
      for (const g of grams) if (!stop?.has(g) && !(grams.length > 1 && [...g].some((ch) => stop?.has(ch)))) out.push(g);
      continue;
    }
    // Short numbers (list indices, minutes) say nothing; ports, close and HTTP codes do.
    if (/^\d+$/.test(run) ? run.length < 3 : run.length < 2) continue;
    const t = stem(run);
    if (!stop?.has(t)) out.push(t);
  }
  return out;
}
