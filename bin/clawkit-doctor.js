#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ so the package needs no TypeScript at run time.
import { main } from '../dist/cli.bundle.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last-resort guard: the doctor itself failed. One line, never a stack trace.
    process.stderr.write(`clawkit-doctor: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
