// mend31e (review31e): a normal WebSocket close (1000 normal closure, 1001 going away) is how a healthy session
// ends. It is no failure line for --follow's gate and no "looks like a connection problem" for the fallback.
import { beforeAll, describe, expect, it } from 'vitest';
import { pasteFromString } from '../../src/collectors/paste/read.js';
import { failureLines, recognise } from '../../src/engine/fallback/recognise.js';
import { index, loadAnswerRules } from './answer.helpers.js';

beforeAll(loadAnswerRules);

const NORMAL = [
  '[gateway] connection closed with code 1000',
  '[gateway] webchat client disconnected code=1001 going away',
  '[ws] client disconnected, code: 1000 (normal closure)',
  '[gateway] closed (1000): normal closure',
  '[gateway] 连接已关闭 (1000): 正常关闭',
  'WebSocket closed (code 1001)',
];
// Near misses: the same shapes with a failing code still count (1005 too: OpenClaw's client retries it like 1006).
const FAILED = [
  '[gateway] connection closed with code 1006',
  '[ws] client disconnected, code: 4999 (zzz)',
  '[gateway] closed (1005): no status',
  'WebSocket closed (code 1011)',
  '[gateway] 连接已关闭 (1006): 异常关闭',
  'disconnected code=10000 going away ECONNRESET',
];

describe('normal closes are no failure', () => {
  it.each(NORMAL)('%s: no failure line, no close code recognised', async (line) => {
    const paste = await pasteFromString(line, { source: 'stdin' });
    expect([...failureLines(paste, index)]).toEqual([]);
    expect(recognise(paste, index).closeCodes).toEqual([]);
  });

  it.each(FAILED)('%s: still a failure line', async (line) => {
    const paste = await pasteFromString(line, { source: 'stdin' });
    expect([...failureLines(paste, index)]).toEqual([1]);
  });

  it('a failed close beside normal ones is the one recognised', async () => {
    const paste = await pasteFromString([NORMAL[3], FAILED[3], NORMAL[1]].join('\n'), { source: 'stdin' });
    expect([...failureLines(paste, index)]).toEqual([2]);
    expect(recognise(paste, index).closeCodes.map((c) => c.code)).toEqual([1011]);
  });
});
