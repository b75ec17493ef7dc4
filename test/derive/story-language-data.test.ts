// Another language is data, not code (issue #12 §5; notes/holdout.md Rounds 33d, 33g): a language file added to a copy of
// the story lexicon, through the same loader the CLI uses (storyWords(dir), gates from scripts/story-gates' gatesOf),
// brings its own denials, clause stops, placeholder and generic words, and its clause words (condition, own clause,
// framed lines …) — no change to src/derive/story.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conditional, deriveStory } from '../../src/derive/story.js';
import { meansRest } from '../../src/engine/conditions.js';
import { STORY_DIR, STORY_GATES_FILE, storyFiles, storyWords, type StoryWords, type StoryWordsFile } from '../../src/shared/story-words.js';
import { gatesOf, gatesText } from '../../src/shared/story-gates.js';

/** Italian, which no shipped file has: a denial, its turn words, what a colon introduces, and denied things that name nothing. */
const ITALIAN: StoryWordsFile = {
  denied: ['\\b(?:non|mai) (?:mi )?(?:appare|vedo|mostra)\\b'],
  denialStop: ['\\b(?:tranne|soltanto)\\b'],
  placeholder: ['^(?:questo|quello|questo errore)$'],
  genericDenied: ['^(?:niente|nessuna connessione)\\b'],
};

const spans = (words: StoryWords, text: string): string[] =>
  (deriveStory([{ line: 1, text }], {}, words).story?.denied ?? []).map((d) => text.slice(d.at, d.end));

describe('a new story language is one file (no code change)', () => {
  let dir: string;
  let shipped: StoryWords;
  let withItalian: StoryWords;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'story-lang-'));
    cpSync(STORY_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'it.json'), JSON.stringify(ITALIAN));
    // The gates are regenerated as scripts/story-gates.mjs would, so the gated path is the one tried.
    writeFileSync(join(dir, STORY_GATES_FILE), gatesText(gatesOf(storyFiles(dir))));
    shipped = storyWords();
    withItalian = storyWords(dir);
  });
  afterAll(() => {
    for (const d of [dir, ...made]) rmSync(d, { recursive: true, force: true });
  });

  it('gives the new file\'s patterns gates (the same generated path as the shipped languages)', () => {
    expect(withItalian.denialStop.find((p) => p.source === ITALIAN.denialStop![0])?.gate).toEqual(['soltanto', 'tranne']);
  });

  it('reads its denial, ended by its own stop word', () => {
    const text = 'non vedo relay not running tranne EADDRINUSE';
    expect(spans(shipped, text)).toEqual([]);
    expect(spans(withItalian, text)).toEqual(['relay not running ']);
  });

  it('ends the span at its placeholder before a colon, and drops a denial naming nothing', () => {
    expect(spans(withItalian, 'non vedo questo: Gateway failed to start')).toEqual(['questo']);
    expect(spans(withItalian, 'non mi appare niente soltanto Gateway failed to start')).toEqual([]);
    expect(spans(withItalian, 'non mi appare nessuna connessione')).toEqual([]);
    // Without those lists the same lines deny the error itself: the file's words are what changed the answer.
    const bare = storyWords(writeLang({ denied: ITALIAN.denied }));
    expect(spans(bare, 'non vedo questo: Gateway failed to start')).toEqual(['questo: Gateway failed to start']);
    expect(spans(bare, 'non mi appare niente soltanto Gateway failed to start')).toEqual(['niente soltanto Gateway failed to start']);
  });

  it('keeps every shipped language\'s stops and generic words beside it (the files are merged)', () => {
    expect(spans(withItalian, 'mine never said relay not running, only token mismatch')).toEqual(['relay not running']);
    expect(spans(withItalian, 'mine never said relay not running except once')).toEqual(['relay not running ']);
    expect(spans(withItalian, "I don't get anything")).toEqual([]);
  });
});

/**
 * Italian clause words (Round 33g, `CLAUSE_LISTS`): each row below reads the same lines with the whole file and with the
 * file less one list, so the answer changes only through that list's words (the file is alone: no shipped English "if").
 */
const NOT_WORD = '(?![\\p{L}\\p{N}])';
const word = (alts: string): string => `(?<![\\p{L}\\p{N}])(?:${alts})${NOT_WORD}`;
const ITALIAN_CLAUSES: StoryWordsFile = {
  ...ITALIAN,
  quoted: ['\\bla guida dice\\b'],
  quotedBlock: ['^\\s{0,3}#{1,6}\\s{0,2}problemi noti'],
  condition: [word('se|quando')],
  hypothesis: [word('se')],
  recurs: [word('ogni notte|sempre')],
  unsure: [word('chissà')],
  own: [word('io|noi')],
  clauseEnd: ['\\bpoi\\b'],
  clauseStop: ['\\bma\\b'],
  ownClause: [word('io|mio|noi')],
  framedQA: ['domanda|risposta'],
  framedPart: ['passo|sezione'],
};
/** The words of `base` (the Italian clause file unless told) less one list, alone in a story directory. */
const without = (list: keyof StoryWordsFile, base: StoryWordsFile = ITALIAN_CLAUSES): StoryWords => {
  const file = { ...base };
  delete file[list];
  return storyWords(writeLang(file));
};
const lines = (words: StoryWords, ...texts: string[]) => deriveStory(texts.map((text, i) => ({ line: i + 1, text })), {}, words).story ?? {};

describe('a new story language brings its clause words (Round 33g)', () => {
  let all: StoryWords;
  beforeAll(() => {
    all = storyWords(writeLang(ITALIAN_CLAUSES));
  });
  afterAll(() => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  const DENIAL = 'non vedo relay not running';

  it('condition: a denial inside "se …" / "quando …" is none', () => {
    expect(spans(all, `quando riavvio ${DENIAL}`)).toEqual([]);
    expect(spans(without('condition'), `quando riavvio ${DENIAL}`)).toEqual(['relay not running']);
    expect(conditional(`se riavvio ${DENIAL}`, 'se riavvio '.length, all)).toBe(true);
  });
  it('clauseEnd: "poi" ends the condition\'s clause', () => {
    expect(spans(all, `quando riavvio poi ${DENIAL}`)).toEqual(['relay not running']);
    expect(spans(without('clauseEnd'), `quando riavvio poi ${DENIAL}`)).toEqual([]);
  });
  it('own: the reporter as the clause\'s subject tells', () => {
    expect(spans(all, `quando io riavvio ${DENIAL}`)).toEqual(['relay not running']);
    expect(spans(without('own'), `quando io riavvio ${DENIAL}`)).toEqual([]);
  });
  it('recurs / hypothesis: a habit tells, unless "se" opens it', () => {
    expect(spans(all, `ogni notte quando riavvio ${DENIAL}`)).toEqual(['relay not running']);
    expect(spans(without('recurs'), `ogni notte quando riavvio ${DENIAL}`)).toEqual([]);
    expect(spans(all, `ogni notte se riavvio ${DENIAL}`)).toEqual([]);
    expect(spans(without('hypothesis'), `ogni notte se riavvio ${DENIAL}`)).toEqual(['relay not running']);
  });
  it('unsure: not knowing is no telling', () => {
    expect(spans(all, `chissà ${DENIAL}`)).toEqual([]);
    expect(spans(without('unsure'), `chissà ${DENIAL}`)).toEqual(['relay not running']);
  });
  it('framedQA / framedPart: a FAQ label or a guide\'s step is no one\'s line', () => {
    expect(spans(all, `domanda: ${DENIAL}`)).toEqual([]);
    expect(spans(without('framedQA'), `domanda: ${DENIAL}`)).toEqual(['relay not running']);
    expect(spans(all, `passo 2: ${DENIAL}`)).toEqual([]);
    expect(spans(without('framedPart'), `passo 2: ${DENIAL}`)).toEqual(['relay not running']);
  });
  it('clauseStop / ownClause: the quote starts after "ma" when the reporter spoke before it, and ends at their own clause', () => {
    const text = 'io riavvio ma la guida dice di cancellare il lock';
    expect(lines(all, text).quotedSpans).toEqual([{ line: 1, at: 'io riavvio ma'.length, end: text.length }]);
    expect(lines(without('clauseStop'), text).quotedSpans).toBeUndefined();
    const own = 'la guida dice di riavviare ma mio gateway dice relay not running';
    expect(lines(all, own).quotedSpans).toEqual([{ line: 1, at: 0, end: own.indexOf('mio') }]);
    expect(lines(without('ownClause'), own).quoted).toEqual([1]);
  });
});

/**
 * Round 34d: the last words in code — a first line's request/commit title (story.ts) and a fix statement's means clause
 * (the engine's fixedAfter, through `meansRest`) — are lists of the same file. Each row reads the same text with the whole
 * Italian file and with the file less one list.
 */
const ITALIAN_TITLES: StoryWordsFile = {
  ...ITALIAN_CLAUSES,
  titleOwn: ['io|mio|noi'],
  titleRequest: ['proposta|richiesta di funzionalità'],
  titleShould: ['dovrebbe'],
  titleError: ['errore|fallito'],
  commitType: ['correzione'],
  means: ['riavviando|con'],
  meansEnd: ['\\bma\\b'],
  meansUndone: ['ancora|di nuovo'],
  working: ['funziona'],
  again: ['di nuovo'],
  workingNot: ['\\bnon\\s'],
};
const lacking = (list: keyof StoryWordsFile): StoryWords => without(list, ITALIAN_TITLES);

describe('a new story language brings its title and means words (Round 34d)', () => {
  let all: StoryWords;
  beforeAll(() => {
    all = storyWords(writeLang(ITALIAN_TITLES));
  });
  const quoted = (words: StoryWords, first: string): number[] | undefined => lines(words, first, 'relay not running').quoted;

  it('titleRequest / titleOwn: a request title on the first line is quoted, unless the reporter speaks in it', () => {
    expect(quoted(all, 'proposta riavviare il relay da solo')).toEqual([1]);
    expect(quoted(lacking('titleRequest'), 'proposta riavviare il relay da solo')).toBeUndefined();
    expect(quoted(all, 'proposta per il mio relay')).toBeUndefined();
    expect(quoted(lacking('titleOwn'), 'proposta per il mio relay')).toEqual([1]);
  });
  it('titleShould / titleError: a "should" title is quoted, unless it holds error text', () => {
    expect(quoted(all, 'il relay dovrebbe riavviarsi')).toEqual([1]);
    expect(quoted(lacking('titleShould'), 'il relay dovrebbe riavviarsi')).toBeUndefined();
    expect(quoted(all, 'il relay dovrebbe riavviarsi ma è fallito')).toBeUndefined();
    expect(quoted(lacking('titleError'), 'il relay dovrebbe riavviarsi ma è fallito')).toEqual([1]);
  });
  it('commitType: a bare commit title is quoted', () => {
    expect(quoted(all, 'correzione: relay riavviato')).toEqual([1]);
    expect(quoted(lacking('commitType'), 'correzione: relay riavviato')).toBeUndefined();
  });
  it('means / meansEnd: the means clause after a fix statement is cut, up to its turn word', () => {
    expect(meansRest(' riavviando il relay, ora va', all)).toBe(', ora va');
    expect(meansRest(' riavviando il relay, ora va', lacking('means'))).toBe(' riavviando il relay, ora va');
    expect(meansRest(' riavviando il relay ma relay not running', all)).toBe('ma relay not running');
    expect(meansRest(' riavviando il relay ma relay not running', lacking('meansEnd'))).toBe('');
  });
  it('meansUndone / working / again / workingNot: an undo word keeps the clause whole; working again is no undo, unless negated', () => {
    expect(meansRest(' riavviando ancora il relay', all)).toBe(' riavviando ancora il relay');
    expect(meansRest(' riavviando ancora il relay', lacking('meansUndone'))).toBe('');
    expect(meansRest(' riavviando il relay e funziona di nuovo', all)).toBe('');
    expect(meansRest(' riavviando il relay e funziona di nuovo', lacking('working'))).toBe(' riavviando il relay e funziona di nuovo');
    expect(meansRest(' riavviando il relay e funziona di nuovo', lacking('again'))).toBe(' riavviando il relay e funziona di nuovo');
    expect(meansRest(' riavviando il relay e non funziona di nuovo', all)).toBe(' riavviando il relay e non funziona di nuovo');
    expect(meansRest(' riavviando il relay e non funziona di nuovo', lacking('workingNot'))).toBe('');
  });
  it('the engine\'s default is the shipped files\' words (English, German …), not code', () => {
    expect(meansRest(' by reinstalling the extension, all good')).toBe(', all good');
    expect(meansRest(' mit einem Neustart, alles gut')).toBe(', alles gut');
    expect(meansRest(' riavviando il relay, ora va')).toBe(' riavviando il relay, ora va');
  });
});

/** A story directory holding only `file` (no gates: every pattern tried). */
const made: string[] = [];
function writeLang(file: StoryWordsFile): string {
  const d = mkdtempSync(join(tmpdir(), 'story-lang-bare-'));
  made.push(d);
  writeFileSync(join(d, 'it.json'), JSON.stringify(file));
  return d;
}
