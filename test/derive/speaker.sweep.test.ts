// The speaker judgement (src/derive/speaker.ts) over every connection case of the readable sets: none is judged
// describing, proposing or tracking, also with a guide's line or a PR reference added to it (a report that quotes the
// docs it followed, or links the fix it waits for). A sweep (test/helpers/sweep.ts): 1 case in EVERY in the fast
// job, every case in the slow one.
import { describe, expect, it } from 'vitest';
import { deriveSpeaker } from '../../src/derive/speaker.js';
import { sweep, sweepName } from '../helpers/sweep.js';
import { linesOf, readableConnectionCases } from './text-shape.helpers.js';

const EVERY = 4;
const notReporting = (text: string): boolean => {
  const s = deriveSpeaker(linesOf(text)).speaker;
  return s !== undefined && s !== 'reporting';
};
// As pasted, none: every readable connection case (1,521 at Round 26e) reads as reporting or as nothing. With a
// line added, these five sit at the edge (NOT_REPORTING_MIN): PR or change descriptions labelled connection cases
// (the change names the mechanism), with two propose/track/describe lines and no report line of their own.
const KNOWN_EDGE = new Set([
  'holdout12.jsonl:h12-oc-132317-stranded-lifecycle-lease', // a PR body with a field report in the third person, ## Summary, a checklist
  'holdout15.jsonl:h15-nerve-163-funnel-http2-websocket', // feat: PR title, RFC reference
  'holdout17.jsonl:h17-nemoclaw-310-gateway-not-started-in-sandbox', // feat: PR title, Fixes #
  'holdout20.jsonl:h20-zeabur-pr-13679-ws-1009-image-upload', // feat(gateway): PR title and body
  'holdout20.jsonl:h20-nemoclaw-793-dashboard-token-not-printed', // fix(onboard): PR title, "if you see" in its body
]);

describe('speaker (speaker.ts): sweep', () => {
  it(sweepName('no connection case of the readable sets, as pasted or with one quoting line added, is judged not reporting', EVERY), () => {
    const cases = readableConnectionCases();
    const checked = sweep(cases, EVERY);
    const judged: string[] = [];
    for (const c of checked) {
      if (notReporting(c.log)) judged.push(`${c.key} as pasted`);
      if (KNOWN_EDGE.has(c.key)) continue;
      for (const text of [
        `${c.log}\nIf you see this error, the troubleshooting page says to check the token.`,
        `${c.log}\nRelated: fixes #1234`,
      ]) {
        if (notReporting(text)) judged.push(`${c.key} ${text.slice(-30)}`);
      }
    }
    expect(cases.length).toBeGreaterThan(900);
    expect(judged).toEqual([]);
  });
});
