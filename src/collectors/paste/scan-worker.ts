// Worker-thread entry (bundled as dist/scan-worker.cjs): scans the second half of a large
// --log FILE (scan-half.ts) and posts the result; any failure is a result too (the reader then
// scans that half itself).
import { parentPort, workerData } from 'node:worker_threads';
import { scanHalf, type HalfJob, type HalfResult } from './scan-half.js';

let result: HalfResult;
try {
  result = scanHalf(workerData as HalfJob);
} catch (err) {
  result = { ok: false, reason: (err as Error).message };
}
parentPort!.postMessage(result);
