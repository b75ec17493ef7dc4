// The story's shared phrase list (Round 32a, issue #12 §5/§7): fix statements in more languages (`resolved`), the
// reporter's denials (`denied`: what they say they do NOT see, with the denied span) and quoting speakers' lines
// (`quoted`: PR / commit titles, changelog entries, feature requests, guide excerpts and troubleshooting sections).
// Every language is data (lexicon/story/<lang>.json); each row below fails when its words are removed from the file.
import { describe, expect, it } from 'vitest';
import { deniedSpans as span, storyOf as storyOfText } from '../helpers/story.js';
import type { PasteStory } from '../../src/types.js';

const storyOf = async (lines: string[]): Promise<PasteStory> => (await storyOfText(lines.join('\n'))) ?? {};
const FAIL = 'Error: gateway closed (1008): unauthorized: gateway token mismatch';

describe('fix statements per language (story.resolved)', () => {
  const fixed: Array<[string, string]> = [
    ['en casual', 'all good now, thanks'],
    ['en nvm', 'nvm, works'],
    ['en that did it', 'that did it!'],
    ['en sorted', 'sorted.'],
    ['en working again', "it's working again"],
    ['en problem solved', 'problem solved, thanks everyone'],
    ['zh 现在好了', '改了 token 之后现在好了'],
    ['zh 好了', '重启了一下，好了'],
    ['zh 已解决', '已解决'],
    ['zh 解决了 (traditional)', '問題解決了，謝謝'],
    ['zh 已解決 (traditional)', '已解決'],
    ['zh 搞定', '搞定了'],
    ['zh 可以了', '换了端口，可以了'],
    ['zh 正常了', '现在正常了'],
    ['ja 直りました', 'トークンを直したら直りました'],
    ['ja 解決しました', '解決しました。ありがとうございます'],
    ['ja 繋がりました', '再起動したら繋がりました'],
    ['es ya funciona', 'ya funciona, gracias'],
    ['es solucionado', 'solucionado'],
    ['pt agora funciona', 'agora funciona'],
    ['de funktioniert jetzt', 'funktioniert jetzt, danke'],
    ['de funktioniert jetzt, keine Fehler', 'funktioniert jetzt, keine Fehler mehr'],
    ['fr ça marche maintenant', 'ça marche maintenant'],
    ['ko 해결됐어요', '해결됐어요'],
    // review29a should-fix (Round 33d).
    ['es funciona perfectamente ahora', 'Funciona perfectamente ahora'],
    ['es funciona bien de nuevo', 'funciona bien de nuevo, gracias'],
    ['zh 以后就可以正常启动了', '修改权限以后就可以正常启动了'],
    ['zh 之後就可以正常啟動了 (traditional)', '改了權限之後就可以正常啟動了'],
    // review30a items 1-2 (Round 33n): "you" in a thanks or a method followed is no advice; a fix statement naming its means.
    ['zh thanks for your advice', '谢谢你的建议已经解决了'],
    ['zh by your method', '按照你的方法已经修好了'],
    ['zh greeting 您好', '您好 问题已经解决了'],
    ['zh greeting 你好', '你好 已经解决了'],
    ['zh as you said, 以后就可以', '按你说的改了以后就可以正常启动了'],
    ['zh thanks, 以后就可以', '谢谢你，重启以后就可以连接了'],
    ['es with the updated plugin', 'Ya funciona con el plugin actualizado, gracias'],
    ['es with the older model', 'funciona de nuevo con el modelo anterior'],
    // Round 34d (b): a compound zh statement — a means before it (之后), two statements in a row.
    ['zh compound 重启之后现在好了，已解决', '重启之后现在好了，已解决'],
    ['zh compound (traditional)', '重啟之後現在好了，已解決'],
  ];
  it.each(fixed)('%s: a fix statement after the failure', async (_name, said) => {
    expect((await storyOf([FAIL, said])).resolved).toMatchObject({ line: 2 });
  });

  const notFixed: Array<[string, string]> = [
    ['en question', 'all good now?'],
    ['en undone', 'all good now, but then it failed again'],
    ['zh install done, not fixed', '我装好了，但是网关启动失败'],
    ['zh question', '已解决吗？'],
    ['zh still fails', '好了，但是还是连不上'],
    ['ja conditional', '直ったら報告します'],
    ['ja still', '解決しました。でもまだエラーが出ます'],
    ['es negated', 'no está solucionado'],
    ['es still', 'ya funciona, pero sigue fallando el bot'],
    ['de negated', 'nicht gelöst'],
    // review31g (lead): a German statement negated right after it is a complaint ("funktioniert jetzt nicht mehr").
    ['de negated after', 'funktioniert jetzt nicht mehr'],
    ['de negated after läuft', 'läuft jetzt nicht mehr, immer noch EACCES'],
    ['de negated after klappt', 'klappt wieder nicht'],
    ['fr negated', "ce n'est pas résolu"],
    ['ko question', '해결됐어요?'],
    // Near misses of the Round 33d phrases: a question, a condition, advice, someone else's word, undone.
    ['es question', '¿Funciona perfectamente ahora?'],
    ['es negated perfectamente', 'no funciona perfectamente ahora'],
    ['es undone', 'Funciona perfectamente ahora en el portátil pero el servidor sigue dando el error'],
    ['es another thing works', 'Funciona perfectamente ahora el bot de Telegram'],
    ['zh condition', '如果修改权限以后就可以正常启动了，那就是权限问题'],
    ['zh advice', '你只要修改权限以后就可以正常启动了'],
    ['zh docs', '文档说修改权限以后就可以正常启动了'],
    ['zh question', '修改权限以后就可以正常启动了吗？'],
    ['zh undone', '修改权限以后就可以正常启动了，但是客户端还是连不上'],
    // review30a items 1 and 3 (Round 33n): advice opening the clause; a turn after a comma; a hedge.
    ['zh advice 你 opens the clause', '你删掉锁文件以后就可以正常启动了'],
    ['zh advice 只要', '只要重启以后就可以正常启动了'],
    ['es aunque a veces', 'funciona bien de nuevo, aunque a veces se desconecta'],
    ['es solo falla de vez en cuando', 'funciona bien otra vez, solo falla de vez en cuando'],
    ['es hasta que', 'funciona de nuevo hasta que reinicio el servidor'],
    ['zh 只是偶尔还会断', '升级以后就可以使用了，只是偶尔还会断'],
    ['zh 不过还是偶尔会断', '重启以后就可以连接了，不过还是偶尔会断'],
    ['zh 有时 (later clause)', '重启以后就可以连接了，有时候会断'],
    ['zh hedge 一般来说', '一般来说重启以后就可以连接了'],
    ['zh hedge 理论上', '理论上删掉锁文件以后就可以正常启动了'],
    ['zh hedge 通常', '通常重启以后就可以连接了'],
    // Round 34d (b) near misses: the compound taken back, asked, or with another thing still failing.
    ['zh 好了一会儿又断了', '重启之后好了一会儿又断了'],
    ['zh compound then undone', '重启之后现在好了，已解决，但是过了一会儿又断了'],
    ['zh compound question', '重启之后现在好了，已解决吗？'],
    ['zh compound, Telegram still fails', '重启之后现在好了，已解决，不过 Telegram 还是连不上'],
  ];
  it.each(notFixed)('%s: no outcome', async (_name, said) => {
    expect((await storyOf([FAIL, said])).resolved).toBeUndefined();
  });
});

describe('denials (story.denied): what the reporter says they do not see, and its span', () => {
  it('names the denied span per language', async () => {
    expect(await span('mine never said relay not running, only token mismatch')).toEqual(['relay not running']);
    expect(await span("I don't get 'relay not running' at all")).toEqual(["'relay not running' at all"]);
    expect(await span('no relay not running line in the logs')).toEqual(['relay not running line']);
    expect(await span('我这边没有报relay not running')).toEqual(['relay not running']);
    expect(await span('日志里没有 token mismatch')).toEqual(['token mismatch']);
    expect(await span('relay not runningは出ていません')).toEqual(['relay not running']);
    expect(await span('no me aparece relay not running')).toEqual(['relay not running']);
    // review29a item 1: the span ends at a comma and at except / past / only; generic verbs (no me sale, ich bekomme keine, 没有收到) deny nothing.
    expect(await span('I never get past this: relay not running')).toEqual([]);
    expect(await span("I don't see anything in the logs except relay not running")).toEqual([]);
    expect(await span('mine does not say token mismatch, it says relay not running')).toEqual(['token mismatch']);
    expect(await span('no me sale nada, sólo esto: relay not running')).toEqual([]);
    expect(await span('ich bekomme keine Verbindung, nur: relay not running')).toEqual([]);
    expect(await span('没有收到任何回复，日志显示 relay not running')).toEqual([]);
    expect(await span('No veo por qué me sale relay not running')).toEqual([]);
    expect(await span('Je ne vois pas pourquoi j\'ai relay not running')).toEqual([]);
    expect(await span('relay not running 안 나와요')).toEqual(['relay not running']);
  });
  it('ends the span at the earliest stop of any language, not at the first language\'s (review30a should-fix)', async () => {
    // en's "but" (en.json, read before es.json) stands later in the line than es's "sólo": the span ends at "sólo".
    expect(await span('mine never said relay not running sólo token mismatch but whatever')).toEqual(['relay not running ']);
    expect(await span('mine never said relay not running 除了 token mismatch except that')).toEqual(['relay not running ']);
  });
  it('a question, a condition, a guide and a symptom verb are no denial', async () => {
    expect(await span("I don't get why I see relay not running")).toEqual([]);
    expect(await span("if you don't see relay not running, restart")).toEqual([]);
    expect(await span("I can't see the dashboard")).toEqual([]);
    expect(await span("I don't have gateway.auth.token set")).toEqual([]);
  });
});

describe('quoting speakers (story.quoted)', () => {
  it('a PR / conventional-commit title, a changelog entry, a feature request mid-line, a docs quote', async () => {
    expect((await storyOf(['fix(gateway): relay not running on reconnect'])).quoted).toEqual([1]);
    expect((await storyOf(['- Browser: fix relay not running after sleep (#51234)'])).quoted).toEqual([1]);
    expect((await storyOf(['Hi all, it would be nice if the doctor showed relay not running'])).quoted).toEqual([1]);
    expect((await storyOf(['the docs say relay not running means restart the gateway'])).quoted).toEqual([1]);
    expect((await storyOf(['功能建议：显示 relay not running'])).quoted).toEqual([1]);
    expect((await storyOf(['ドキュメントには relay not running と書いてあります'])).quoted).toEqual([1]);
    expect((await storyOf(['sería bueno que el doctor muestre relay not running'])).quoted).toEqual([1]);
  });
  it('a block a heading or an intro line opens, up to the next heading or blank line', async () => {
    expect((await storyOf(['## Troubleshooting', 'relay not running: restart', '', 'more: x', '## My logs', FAIL])).quoted).toEqual([1, 2, 4]);
    expect((await storyOf(['README excerpt:', 'relay not running means X', '', FAIL])).quoted).toEqual([1, 2]);
  });
  it('a heading\'s block ends at a blank line followed by the reporter\'s own words (review29a should-fix, Round 33d)', async () => {
    expect((await storyOf(['## Known issues', FAIL, '', 'Then in my terminal:', FAIL])).quoted).toEqual([1, 2]);
    expect((await storyOf(['## Known issues', FAIL, '', '我这边终端里也是：', FAIL])).quoted).toEqual([1, 2]);
    // No own words after the blank line, or own words with no blank line before them: still the section's.
    expect((await storyOf(['## Troubleshooting', FAIL, '', 'If the logs say this, restart:', FAIL])).quoted).toEqual([1, 2, 4, 5]);
    expect((await storyOf(['## Known issues', FAIL, 'In my experience this means a stale lock.'])).quoted).toEqual([1, 2, 3]);
    expect((await storyOf(['## Troubleshooting', FAIL, '', 'We recommend deleting the lock file.', FAIL])).quoted).toEqual([1, 2, 4, 5]);
    expect((await storyOf(['## Troubleshooting', FAIL, '', 'Still failing? Delete the lock file:', FAIL])).quoted).toEqual([1, 2, 4, 5]);
  });
  it('ends only at a line introducing the reporter\'s output or a "me too" (review30a items 4-5, Round 33n)', async () => {
    for (const intro of ['Mine:', 'Here is what I get:', 'my output:', 'I still get it on 2026.9.6:', 'Me too, exact same error after upgrading', 'A mí me sale esto:']) {
      expect((await storyOf(['## Known issues', FAIL, '', intro, FAIL])).quoted, intro).toEqual([1, 2]);
    }
    // Log text that only looks first-person (I/O, my-gateway, /home/me/), and a guide speaking as "I": still the section's.
    for (const guide of ['Error: I/O timeout while reading the lock:', 'Step 2: check my-gateway.service', 'lock at /home/me/.openclaw/gateway.lock:', 'I recommend deleting the lock file first.', 'I would first check whether another gateway is running:', 'In my experience, the fix is:', 'If I may suggest: restart.']) {
      expect((await storyOf(['## Troubleshooting', FAIL, '', guide, FAIL])).quoted, guide).toEqual([1, 2, 4, 5]);
    }
  });
  it('never ends a heading\'s block inside a code fence', async () => {
    expect((await storyOf(['## Known issues', '```', FAIL, '', 'my output:', FAIL, '```'])).quoted).toEqual([1, 2, 3, 5, 6, 7]);
    // After the fence closes, the reporter's intro ends it.
    expect((await storyOf(['## Known issues', '```', FAIL, '', 'x', '```', '', 'my output:', FAIL])).quoted).toEqual([1, 2, 3, 5, 6]);
  });
  it('Japanese guide and changelog headings open a block as English ones do (Round 34d; ja.json quotedBlock)', async () => {
    for (const h of ['## 既知の問題', '### トラブルシューティング', '## よくある問題', '## 既知の不具合', '## 更新履歴', '## リリースノート']) {
      expect((await storyOf([h, FAIL])).quoted, h).toEqual([1, 2]);
    }
    // The block ends at the next heading, or at a blank line then the reporter's own intro (ja quotedBlockEnd).
    expect((await storyOf(['## 既知の問題', FAIL, '## 私のログ', FAIL])).quoted).toEqual([1, 2]);
    expect((await storyOf(['## 既知の問題', FAIL, '', '私の環境では:', FAIL])).quoted).toEqual([1, 2]);
  });
  it('a Japanese heading of the reporter\'s own (what they tried, "not a known issue") or prose naming a known issue is not quoted', async () => {
    for (const h of ['## トラブルシューティングで試したこと', '## トラブルシューティング（やってみたこと）', '## 既知の問題ではないと思います', '## 既知の問題ではありません', '## よくある問題とは違うエラーです', '## 既知の問題とは異なります', '既知の問題と同じエラーが出ます', '> ## 既知の問題']) {
      expect((await storyOf([h, FAIL])).quoted, h).toBeUndefined();
    }
  });
  it('a report is not quoted: its own lines, a troubleshooting-steps heading, an "I have no idea"', async () => {
    expect((await storyOf([FAIL, 'I have no idea why'])).quoted).toBeUndefined();
    expect((await storyOf(['## Troubleshooting steps tried', FAIL])).quoted).toBeUndefined();
    expect((await storyOf(['> ' + FAIL])).quoted).toBeUndefined();
  });
  it('a quoted line says no fix and denies nothing', async () => {
    const s = await storyOf([FAIL, '- Gateway: fixed it so the token mismatch no longer loops (#123)']);
    expect(s.resolved).toBeUndefined();
  });
});
