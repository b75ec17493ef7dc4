import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/shared/text/tokenize.js';

describe('tokenize', () => {
  it('splits Chinese into character bigrams and keeps a lone character', () => {
    expect(tokenize('网关连接失败')).toEqual(['网关', '关连', '连接', '接失', '失败']);
    expect(tokenize('令 牌')).toEqual(['令', '牌']);
  });

  it('lower-cases words, drops a plural s, short numbers and stop words', () => {
    expect(tokenize('Tokens MISMATCH on port 18789, step 2', new Set(['on']))).toEqual(['token', 'mismatch', 'port', '18789', 'step']);
    expect(tokenize('proxies pass')).toEqual(['proxy', 'pass']);
  });

  it('keeps the kana prolonged-sound mark inside a Japanese run (Unicode script Common)', () => {
    expect(tokenize('ゲートウェイ')).toEqual(['ゲー', 'ート', 'トウ', 'ウェ', 'ェイ']);
    expect(tokenize('トークンが一致')).toEqual(['トー', 'ーク', 'クン', 'ンが', 'が一', '一致']);
  });

  it('splits Thai (no spaces between words) into bigrams with its vowel and tone marks kept in the run', () => {
    expect(tokenize('โทเค็น')).toEqual(['โท', 'ทเ', 'เค', 'ค็', '็น']);
    expect(tokenize('เชื่อม ต่อ')).toEqual(['เช', 'ชื', 'ื่', '่อ', 'อม', 'ต่', '่อ']);
  });

  it('separates mixed scripts', () => {
    expect(tokenize('gateway token 不匹配')).toEqual(['gateway', 'token', '不匹', '匹配']);
  });
});
