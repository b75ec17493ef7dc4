// de/es/fr "works again" (notes/holdout.md Round 36d; lex33's piece 2 in 35d): the take-backs on a later line first
// (lexicon/story/{de,es,fr}.json resolved.undone: "der Fehler kommt zurück", "el error volvió", "l'erreur est revenue",
// "ya no funciona", "ça ne marche plus", "… wieder nicht", "Nein, doch nicht."), then the statement itself only where it
// ends its clause (resolved.said: "… funktioniert es wieder." / "vuelve a funcionar." / "ça remarche.", or then a thanks),
// not after another product's name in the clause, nor in an open Spanish question. Whole answers: the lock line is the
// reporter's only error; a fix statement stands the lock rule down (exit 0), anything else keeps it (exit 1).
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { storyOf as storyOfText } from '../helpers/story.js';

const LOCK = 'Gateway failed to start: failed to acquire gateway lock at /tmp/openclaw-1000/gateway.lock | EACCES: permission denied';

async function answer(lines: string[]): Promise<{ code: number | null; lock: string | undefined }> {
  const r = await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], [LOCK, ...lines].join('\n') + '\n');
  const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }> };
  return { code: r.code, lock: report.findings.find((f) => f.ruleId.includes('gateway-lock'))?.severity };
}

const FIXED: string[][] = [
  ['Nach einem Neustart funktioniert es wieder.'],
  ['Nach einem Neustart funktioniert es wieder!'],
  ['Nach einem Neustart funktioniert es wieder, danke!'],
  ['después de reiniciar vuelve a funcionar.'],
  ['después de reiniciar vuelve a funcionar, gracias'],
  ['après un redémarrage ça remarche.'],
  ['après un redémarrage ça remarche, merci !'],
  // the take-back's own negation: the error did NOT come back
  ['Nach einem Neustart funktioniert es wieder.', 'Edit: Der Fehler ist nicht wieder aufgetreten.'],
  ['después de reiniciar vuelve a funcionar.', 'Actualización: el error no volvió.'],
  ['après un redémarrage ça remarche.', "Edit : l'erreur ne revient pas."],
  // "doch nicht" inside a sentence is not a take-back
  ['Nach einem Neustart funktioniert es wieder.', 'Doch nicht nötig gewesen, das Update.'],
];

const NOT_FIXED: string[][] = [
  // taken back on a later line (undone first)
  ['Nach einem Neustart funktioniert es wieder.', 'Edit: nach einer Stunde kommt der Fehler zurück.'],
  ['después de reiniciar vuelve a funcionar.', 'Actualización: el error volvió.'],
  ['après un redémarrage ça remarche.', "Edit : l'erreur est revenue ce matin."],
  ['después de reiniciar vuelve a funcionar.', 'Edit: ya no funciona otra vez'],
  ['après un redémarrage ça remarche.', 'Edit : ça ne marche plus depuis ce matin.'],
  ['Nach einem Neustart funktioniert es wieder.', 'Edit: geht schon wieder nicht mehr.'],
  ['Nach einem Neustart funktioniert es wieder. Nein, doch nicht.'],
  ['après un redémarrage ça remarche. En fait non.'],
  // an English fix taken back in German (the undone words of every language apply to every line)
  ['After a restart it works again.', 'Edit: nach einer Stunde kommt der Fehler zurück.'],
  // the take-back of the take-back: it ran again, then broke again
  ['Nach dem Neustart lief es wieder, aber nach dem nächsten Neustart wieder kaputt.'],
  ['Nach dem Neustart läuft es wieder.', 'Update: nach dem nächsten Neustart wieder kaputt.'],
  // not a statement that ends its clause: negated, asked, limited, quoted, another product's
  ['Nach einem Neustart funktioniert es wieder nicht.'],
  ['Nach einem Neustart funktioniert es wieder? Leider nein.'],
  ['Nach einem Neustart funktioniert es wieder kurz.'],
  ['Nach einem Neustart läuft es wieder in den gleichen Fehler.'],
  ['"Nach einem Neustart funktioniert es wieder" schreibt die Doku, bei mir nicht.'],
  ['> Nach einem Neustart funktioniert es wieder.'],
  ['Nach einem Neustart des Telegram-Bots funktioniert es wieder.'],
  ['después de reiniciar no vuelve a funcionar.'],
  ['después de reiniciar vuelve a funcionar?', 'sigue igual'],
  ['¿después de reiniciar vuelve a funcionar'],
  ['después de reiniciar el bot de Telegram vuelve a funcionar.'],
  ['après un redémarrage ça remarche pas.'],
  ['après un redémarrage ça remarche ?', 'non toujours pas'],
  ['« après un redémarrage ça remarche » dit le wiki, pas chez moi.'],
  ['après un redémarrage Telegram ça remarche.'],
  // "… jetzt wieder nicht": on main these stood the lock rule down (the said "funktioniert jetzt" / "läuft jetzt")
  ['Telegram funktioniert jetzt wieder nicht'],
  ['Der Gateway läuft jetzt wieder nicht mehr stabil'],
];

describe('de/es/fr "works again" and its take-backs (whole answer)', () => {
  it.each(FIXED.map((l) => [l.join(' | '), l]))('%s: fixed, the lock rule stands down (exit 0)', async (_name, lines) => {
    expect(await answer(lines as string[])).toEqual({ code: 0, lock: undefined });
  });
  it.each(NOT_FIXED.map((l) => [l.join(' | '), l]))('%s: not fixed, the lock error stays (exit 1)', async (_name, lines) => {
    expect(await answer(lines as string[])).toEqual({ code: 1, lock: 'error' });
  });
});

describe('the story reads the statement and the take-back (story.resolved)', () => {
  const resolved = async (lines: string[]) => (await storyOfText([LOCK, ...lines].join('\n')))?.resolved;
  it('the statement ending its clause is said on its line; a later take-back clears it', async () => {
    expect(await resolved(['Nach einem Neustart funktioniert es wieder.'])).toMatchObject({ line: 2 });
    expect(await resolved(['Nach einem Neustart funktioniert es wieder.', 'Edit: der Fehler ist wieder da.'])).toBeUndefined();
    expect(await resolved(['después de reiniciar vuelve a funcionar.', 'volvió el error'])).toBeUndefined();
    expect(await resolved(['après un redémarrage ça remarche.', 'ça replante'])).toBeUndefined();
  });
});
