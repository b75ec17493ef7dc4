// The replay server moved to src/rules/cases/replay-gateway.ts: rule cases replay recorded gateway
// answers to the real probe too (`rules test` runs from dist/, which holds src/ only).
export * from '../../src/rules/cases/replay-gateway.js';
