// de/es/fr take-backs on a later line (notes/holdout.md Round 36d, mend33d; lexicon/story/{de,es,fr}.json resolved.undone:
// "der Fehler kommt zurück", "el error volvió", "l'erreur est revenue", "ya no funciona", "ça ne marche plus",
// "… wieder nicht", "Nein, doch nicht."). They only clear a fix statement, so they can only keep the reporter's error an
// error. The fix statements here are main's own (funktioniert jetzt, ya funciona, ça marche maintenant …); lex34's new
// "works again" statements are left out (review33d). Whole answers: the lock line is the reporter's only error.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { storyOf as storyOfText } from '../helpers/story.js';

const LOCK = 'Gateway failed to start: failed to acquire gateway lock at /tmp/openclaw-1000/gateway.lock | EACCES: permission denied';

async function answer(lines: string[]): Promise<{ code: number | null; lock: string | undefined }> {
  const r = await runInProcess(['--json', '--no-probe', '--no-env', '--log', '-'], [LOCK, ...lines].join('\n') + '\n');
  const report = JSON.parse(r.stdout) as { findings: Array<{ ruleId: string; severity: string }> };
  return { code: r.code, lock: report.findings.find((f) => f.ruleId.includes('gateway-lock'))?.severity };
}

// A fix statement main already reads, with no take-back: the lock rule stands down (exit 0), on main and here.
const FIXED: string[][] = [
  ['Nach einem Neustart funktioniert jetzt alles.'],
  // the take-back's own negation: the error did NOT come back
  ['Nach einem Neustart funktioniert jetzt alles.', 'Edit: Der Fehler ist nicht wieder aufgetreten.'],
  ['Después de reiniciar ya funciona.', 'Actualización: el error no volvió.'],
  ['Après un redémarrage ça marche maintenant.', "Edit : l'erreur ne revient pas."],
  // "doch nicht" inside a sentence is not a take-back
  ['Nach einem Neustart funktioniert jetzt alles.', 'Doch nicht nötig gewesen, das Update.'],
];

// Taken back on a later line (or later in the line): on main every one stood the lock rule down (exit 0).
const TAKEN_BACK: string[][] = [
  ['Nach einem Neustart funktioniert jetzt alles.', 'Edit: nach einer Stunde kommt der Fehler zurück.'],
  ['Nach einem Neustart funktioniert jetzt alles.', 'Edit: der Fehler ist wieder da.'],
  ['Nach einem Neustart funktioniert jetzt alles.', 'Edit: geht schon wieder nicht mehr.'],
  ['Nach einem Neustart funktioniert jetzt alles. Nein, doch nicht.'],
  ['Después de reiniciar ya funciona.', 'Actualización: el error volvió.'],
  ['Después de reiniciar ya funciona.', 'Edit: volvió el error esta mañana'],
  ['Después de reiniciar ya funciona.', 'Edit: dejó de funcionar otra vez'],
  ['Après un redémarrage ça marche maintenant.', "Edit : l'erreur est revenue ce matin."],
  ['Après un redémarrage ça marche maintenant.', 'Edit : ça ne marche plus depuis ce matin.'],
  ['Après un redémarrage ça marche maintenant. En fait non.'],
  // an English fix taken back in German (the undone words of every language apply to every line)
  ['After a restart it works now.', 'Edit: nach einer Stunde kommt der Fehler zurück.'],
  // "… jetzt wieder nicht": main's said "funktioniert jetzt" / "läuft jetzt" stood the lock rule down (review31g n28/n29)
  ['Telegram funktioniert jetzt wieder nicht'],
  ['Der Gateway läuft jetzt wieder nicht mehr stabil'],
];

describe('de/es/fr take-backs keep the reporter\'s error (whole answer)', () => {
  it.each(FIXED.map((l) => [l.join(' | '), l]))('%s: fixed, the lock rule stands down (exit 0)', async (_name, lines) => {
    expect(await answer(lines as string[])).toEqual({ code: 0, lock: undefined });
  });
  it.each(TAKEN_BACK.map((l) => [l.join(' | '), l]))('%s: taken back, the lock error stays (exit 1)', async (_name, lines) => {
    expect(await answer(lines as string[])).toEqual({ code: 1, lock: 'error' });
  });
});

describe('the story reads the take-back (story.resolved)', () => {
  const resolved = async (lines: string[]) => (await storyOfText([LOCK, ...lines].join('\n')))?.resolved;
  it('the statement is said on its line; a later take-back clears it', async () => {
    expect(await resolved(['Nach einem Neustart funktioniert jetzt alles.'])).toMatchObject({ line: 2 });
    expect(await resolved(['Nach einem Neustart funktioniert jetzt alles.', 'Edit: der Fehler ist wieder da.'])).toBeUndefined();
    expect(await resolved(['Después de reiniciar ya funciona.', 'volvió el error'])).toBeUndefined();
    expect(await resolved(['Après un redémarrage ça marche maintenant.', 'ça replante'])).toBeUndefined();
  });
});
