// The catalogue both text-labels.test.ts and its sweep file (text-labels.sweep.test.ts) use: a module, not a
// test file (a test file imported from another would register its tests twice).
export const CATALOGUE = {
  en: [
    'Gateway problems',
    'Dashboard never connects',
    'Symptom: disconnected (1008): pairing required',
    'Cause: this browser was never approved on the gateway host',
    'Fix: openclaw devices approve --latest',
    '',
    'CLI refused',
    'Symptom: unauthorized: gateway token mismatch',
    'Cause: the client token differs from gateway.auth.token',
    'Fix: copy the token again and restart the client',
  ],
  ru: [
    'Частые проблемы',
    'Порт занят',
    'Ошибка: `Error: listen EADDRINUSE: address already in use :::18789`',
    'Решение: остановите старый процесс шлюза и запустите заново',
    'Шлюз не отвечает',
    'Ошибка: `connect ECONNREFUSED 127.0.0.1:18789`',
    'Решение: openclaw gateway start',
  ],
  zh: [
    '網關連不上',
    '現象: disconnected (1008): pairing required',
    '解法: 在網關主機上執行 openclaw devices approve',
    '',
    '令牌錯誤',
    '現象: unauthorized: gateway token mismatch',
    '解法: 重新複製 gateway.auth.token',
  ],
};
