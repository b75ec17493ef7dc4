// The lexicon patterns rewritten with stopping gaps, as they were at c5b0fb2, and the words their pieces
// spell (lexicon-stopping-gaps*.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const lexicon = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'lexicon', `${lang}.json`), 'utf8')) as { notGateway: Array<{ regex: string }> };

/** The patterns as they were at c5b0fb2, and the words their pieces spell. */
export const REWRITES = [
  {
    lang: 'en',
    index: 0,
    old: String.raw`(?:eaddrinuse|address already in use|port[^\n]{0,40}?in use)[^\n]{0,120}?(?:\b188\d\d\b(?<!18789)|\b9222\b|\bcdp\b)|(?:\bcdp\b|remote-debugging-port|browser (?:tool|profile))[^\n]{0,120}?(?:eaddrinuse|address already in use|in use)`,
    words: ['eaddrinuse', 'address already in use', 'port', 'in use', 'in us', '18800', '18899', '18789', '9222', 'cdp', 'remote-debugging-port', 'browser tool', 'browser profile'],
    edges: { 'cdp browser profileaddrinuse': true, 'port x port in use 9222': true, 'eaddrinuse eaddrinuse cdp': true, 'port in use 18789': false },
  },
  {
    lang: 'en',
    index: 6,
    old: String.raw`(?:model|llm|provider|completion|embedding|agent run|inference)[^\n]{0,80}?(?:timed out|timeout|etimedout)|(?:timed out|timeout)[^\n]{0,60}?(?:waiting for (?:the )?model|model response|llm)|\b(?:local |large |language )?(?:model|llm)s?\b[^\n]{0,40}?\b(?:is |are |was |were )?(?:too|very|extremely) slow\b`,
    words: ['model', 'llm', 'provider', 'completion', 'embedding', 'agent run', 'inference', 'timed out', 'timeout', 'etimedout', 'waiting for model', 'waiting for the model', 'model response', 'local ', 'large ', 'models', 'is ', 'too', 'very', ' slow'],
    edges: { 'model inferencetimedout': true, 'provider inference timedout': false, 'timeout timeout llm': true },
  },
  {
    lang: 'en',
    index: 37,
    old: String.raw`\bmdns\b[^\n]{0,160}?\b(?:continuously|constantly|flood(?:s|ing|ed)?|storm)\b|\b(?:lan|network) (?:becomes? |is |gets |became )?unusable\b`,
    words: ['mdns', ' mdns ', 'mdnstorm', 'continuously', ' constantly ', 'flood', ' floods ', 'flooding', ' storm ', 'storm', 'lan ', 'network ', 'becomes ', 'unusable'],
    edges: { 'mdns mdns storm': true, 'mdnstorm': false, [`mdns ${'x'.repeat(158)} storm`]: true, [`mdns ${'x'.repeat(159)} storm`]: false },
  },
  {
    // prec3's entry (2u): each gap stops at a next start; `skill…skillful`, `exec…exec` are why the stop is the whole start.
    lang: 'en',
    index: 47,
    old: String.raw`\bskills?\b[^\n]{0,160}\bblocked\b|\bexec\W{0,2}\s{0,2}(?:runs?|calls?|commands?|tool)\b[^\n]{0,120}\b(?:could not|cannot|can't|unable to|fails? to) (?:resolve|find)\b`,
    words: ['skill', 'skills', ' skill ', 'skillful', 'blocked', ' blocked ', 'exec', ' exec ', '-', '--', ' - ', '  ', 'run', 'runs', 'call', 'calls', 'command', 'commands', 'tool', 'tools', 'could not', 'cannot', "can't", 'unable to', 'fail to', 'fails to', ' resolve', ' find', 'resolve', 'find'],
    edges: {
      'exec tool exec tool cannot find': true,
      'skill x skillful blocked': true,
      'exec tool exec cannot find': true,
      'exec tool exec-tools cannot find': true,
      'exec--  tool cannot find': true,
      'exec --  tool cannot find': false,
      'exec callsx cannot find': false,
      [`exec tool${' '.repeat(120)}cannot find`]: true,
      [`exec tool${' '.repeat(121)}cannot find`]: false,
      [`skills${' '.repeat(160)}blocked`]: true,
      [`skills${' '.repeat(161)}blocked`]: false,
    },
  },
  {
    lang: 'zh',
    index: 0,
    old: String.raw`(?:模型|大模型|api ?key|密钥|额度|余额|provider)[^\n]{0,60}?(?:401|403|429|无效|错误|不足|超限|限流)`,
    words: ['模型', '大模型', 'api key', 'apikey', '密钥', '额度', '余额', 'provider', '401', '403', '429', '无效', '错误', '不足', '超限', '限流'],
    edges: { '模型模型模型429': true, [`模型${'x'.repeat(60)}429`]: true, [`模型${'x'.repeat(61)}429`]: false },
  },
  {
    lang: 'zh',
    index: 2,
    old: String.raw`(?:飞书|钉钉|企业微信|企微|qq ?机器人|telegram|discord|whatsapp)(?=([^\n]{0,60}?(?:机器人|渠道|频道|webhook|回调)))\1[^\n]{0,90}?(?:失败|报错|错误|超时|收不到|没反应)`,
    words: ['飞书', '钉钉', '企业微信', '企微', 'qq 机器人', 'qq机器人', 'qq', 'telegram', 'discord', 'whatsapp', '机器人', '渠道', '频道', 'webhook', '回调', '失败', '报错', '错误', '超时', '收不到', '没反应'],
    // The first channel word after a start decides how far the failure may be (an atomic lookahead).
    edges: { '飞书 qq机器人 机器人 失败': true, '飞书 钉钉 机器人 失败': true, [`飞书机器人${'x'.repeat(91)}失败`]: false, [`飞书机器人${'x'.repeat(91)}机器人失败`]: false },
  },
  {
    lang: 'zh',
    index: 4,
    old: String.raw`(?:显示|状态)(?=([^\n]{0,60}?(?:离线|未运行|已停止|offline|stopped)))\1(?=([^\n]{0,60}?(?:但|可是|然而|其实)))\2[^\n]{0,60}?(?:正常运行|运行正常|工作正常)`,
    words: ['显示', '状态', '离线', '未运行', '已停止', 'offline', 'stopped', '但', '可是', '然而', '其实', '正常运行', '运行正常', '工作正常'],
    // 2am (redos23): the two atomic parts as gaps stopped at their own terminators (the first 离线…, the first 但…).
    edges: {
      '显示 状态 离线 但 正常运行': true,
      '显示离线，但是正常运行': true,
      '显示离线 离线但其实正常运行': true,
      '显示离线 已停止 可是 但 正常运行': true,
      [`显示离线${'x'.repeat(60)}但正常运行`]: true,
      [`显示离线${'x'.repeat(61)}但正常运行`]: false,
      [`显示离线但${'x'.repeat(60)}正常运行`]: true,
      [`显示离线但${'x'.repeat(61)}正常运行`]: false,
      [`显示离线但${'x'.repeat(59)}但正常运行`]: true,
      [`显示离线但${'x'.repeat(60)}但正常运行`]: false,
      [`显示${'x'.repeat(60)}离线但正常运行`]: true,
      [`显示${'x'.repeat(61)}离线但正常运行`]: false,
    },
  },
  // 2ai (redos21): the same stop on the first gap of nine more (each at or near 5 ms on its own
  // start repeated across 64 KiB). Only the gap right after the start stops: a later gap's next
  // start need not be reachable from any start.
  {
    lang: 'zh',
    index: 1,
    old: String.raw`(?:模型|大模型)[^\n]{0,40}?(?:超时|无响应|没有回复|不回复)`,
    words: ['模型', '大模型', '大', '超时', '无响应', '没有回复', '不回复', '回复', '没有'],
    edges: { '大模型模型大模型超时': true, [`大模型${'x'.repeat(40)}超时`]: true, [`模型${'x'.repeat(41)}超时`]: false, [`模型${'x'.repeat(30)}模型${'x'.repeat(30)}不回复`]: true },
  },
  {
    lang: 'zh',
    index: 3,
    old: String.raw`(?:检查更新|更新检查|检测更新|版本检查)[^\n]{0,40}?config was last written by a newer`,
    words: ['检查更新', '更新检查', '检测更新', '版本检查', '检查', '更新', 'config was last written by a newer', 'config was last written', ' by a newer'],
    edges: { '检查更新检查 config was last written by a newer': true, [`版本检查${'x'.repeat(40)}config was last written by a newer`]: true, [`版本检查${'x'.repeat(41)}config was last written by a newer`]: false },
  },
  {
    lang: 'zh',
    index: 5,
    old: String.raw`(?:飞书|钉钉|企业微信|企微|微信|qq ?机器人|wecom|dingtalk|feishu|lark)[^\n]{0,20}?(?:websocket|\bws\b|长连接|stream)[^\n]{0,8}?(?:断开|未打开|无法建立|建立失败|连接失败|重连|超时)`,
    words: ['飞书', '钉钉', '企业微信', '企微', '微信', 'qq 机器人', 'qq机器人', 'qq', '机器人', 'wecom', 'dingtalk', 'feishu', 'lark', 'websocket', 'ws', ' ws ', '长连接', 'stream', 'feishustream', '断开', '未打开', '无法建立', '建立失败', '连接失败', '重连', '超时'],
    edges: { '企微信 ws 断开': true, 'feishu lark websocket 重连': true, [`lark${'x'.repeat(20)}stream${'x'.repeat(8)}超时`]: true, [`lark${'x'.repeat(21)}stream 超时`]: false, 'larkws 断开': false },
  },
  {
    lang: 'zh',
    index: 8,
    old: String.raw`(?:cloudflared|内网穿透|frpc|ngrok|花生壳|隧道)(?:(?!网关|gateway|18789|控制台|仪表盘|面板|control ?ui|dashboard|webui|webchat|openclaw)[^\n]){0,30}?(?:断开|掉线|断线|重连)`,
    words: ['cloudflared', '内网穿透', 'frpc', 'ngrok', '花生壳', '隧道', '网关', 'gateway', '18789', '控制台', '仪表盘', '面板', 'control ui', 'controlui', 'dashboard', 'webui', 'webchat', 'openclaw', '断开', '掉线', '断线', '重连'],
    edges: { '隧道 网关 隧道 断开': true, '隧道 网关 断开': false, [`ngrok${'x'.repeat(30)}掉线`]: true, [`ngrok${'x'.repeat(31)}掉线`]: false },
  },
  {
    lang: 'zh',
    index: 9,
    old: String.raw`(?:chrome|浏览器)[^\n]{0,12}?(?:调试|debug|cdp|远程调试)[^\n]{0,40}?(?:占用|已被使用|in use|冲突)`,
    words: ['chrome', '浏览器', '调试', 'debug', 'cdp', '远程调试', '远程', '占用', '已被使用', 'in use', 'in us', '冲突'],
    edges: { 'chrome chrome 远程调试 占用': true, [`浏览器${'x'.repeat(12)}cdp${'x'.repeat(40)}冲突`]: true, [`浏览器${'x'.repeat(13)}cdp 冲突`]: false, [`浏览器 cdp${'x'.repeat(41)}冲突`]: false },
  },
  {
    lang: 'en',
    index: 12,
    old: String.raw`Failed to start CLI: Error: Config validation failed|openclaw config set [^\n]{0,300}\n[^\n]{0,300}Config validation failed`,
    words: ['Failed to start CLI: Error: Config validation failed', 'openclaw config set ', 'openclaw config set', 'openclaw ', 'Config validation failed', '\n', '\n\n'],
    edges: { 'openclaw config set openclaw config set x\nConfig validation failed': true, [`openclaw config set ${'x'.repeat(300)}\nConfig validation failed`]: true, [`openclaw config set ${'x'.repeat(301)}\nConfig validation failed`]: false, 'openclaw config set x\n\nConfig validation failed': false },
  },
  {
    lang: 'en',
    index: 30,
    old: String.raw`\bhealthcheck\s(?:--[a-z-]{3,20}=|cmd\b)|--start-period=\d|\bpgrep\b[^\n]{0,120}?\bhealthcheck\b|\bhealthcheck\b[^\n]{0,120}?\bpgrep\b|\bhealthchecks? (?:always )?probed? (?:the )?(?:default )?port\b`,
    words: ['healthcheck', ' healthcheck ', 'healthchecks', 'pgrep', ' pgrep ', 'pgreps', ' ', '-', '_', 'cmd', '--start-period=', 'always ', 'probe', 'probed ', 'the ', 'default ', 'port'],
    edges: { 'pgrep pgrep healthcheck': true, 'pgrep xpgrep healthcheck': true, 'healthcheck healthchecks pgrep': true, [`pgrep${' '.repeat(120)}healthcheck`]: true, [`pgrep${' '.repeat(121)}healthcheck`]: false },
  },
  {
    lang: 'en',
    index: 38,
    old: String.raw`\b(?:status|dashboard|panel|display|label|indicator)\b[^\n]{0,160}?\bmisleading\b|\b(?:display|label|indicator) (?:is )?(?:incorrect|misleading)\b`,
    words: ['status', ' status ', 'dashboard', 'panel', 'display', 'label', 'indicator', 'statuses', 'misleading', ' misleading ', 'misleadingly', 'is ', 'incorrect', ' '],
    edges: { 'status panel misleading': true, 'panel xstatus misleading': true, [`label${' '.repeat(160)}misleading`]: true, [`label${' '.repeat(161)}misleading`]: false },
  },
  {
    lang: 'zh',
    index: 7,
    old: String.raw`浏览器[^\n]{0,16}?(?:网页|页面|网站)[^\n]{0,10}?(?:超时|打不开)|(?:无法|不能|没法)(?:连接|附加|接管)到? ?Chrome`,
    words: ['浏览器', '网页', '页面', '网站', '超时', '打不开', '无法连接到 chrome', '没法接管Chrome'],
    edges: { '浏览器浏览器网页超时': true, [`浏览器${'x'.repeat(16)}网站${'x'.repeat(10)}打不开`]: true, [`浏览器${'x'.repeat(17)}网站打不开`]: false },
  },
];
