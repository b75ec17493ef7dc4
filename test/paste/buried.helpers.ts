// The filler a rule case is buried in (anchors.sweep.test.ts), shared with anchors.test.ts's check
// that the filler itself hits no anchor (else a buried case would be kept for the filler's sake).
export const FILLER = (i: number) => `2026-03-04T16:${String(i % 60).padStart(2, '0')}:35.301Z [cron] job tick name=digest run=${i} queue=${i % 7} ok`;
export const BURIED = 100;
/** The filler before a buried case (BURIED lines) and after it (30 lines). */
export const prefix = Array.from({ length: BURIED }, (_, i) => FILLER(i)).join('\n') + '\n';
export const suffix = Array.from({ length: 30 }, (_, i) => FILLER(i + 5000)).join('\n') + '\n';
