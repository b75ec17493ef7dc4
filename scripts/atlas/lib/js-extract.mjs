// Parse one compiled JS file with acorn and pull out user-facing message candidates.
//
// A candidate is a string literal, a template literal (holes kept as `${expr}` with the compiled source of
// expr), or a `"a" + x + "b"` concatenation taken whole. Each one gets:
//   kind      — from where the value goes (close(), throw/new Error, log.warn, note(), errorShape(CODE, ...),
//               process.exit nearby, a doctor checkId, the Control UI i18n table ...). Values reaching a sink
//               through a const, a ternary, a `??`, or a function in the same file (its return statements)
//               are followed, so `close(1008, truncateCloseReason(formatAuthMessage(...)))` marks every
//               return string of formatAuthMessage as a close reason with code 1008.
//   file      — the `//#region src/...` that contains it (bundled releases), the dist path mapped back to
//               src/*.ts (unbundled releases), or the source-map source (Control UI with a .map).
//   fn        — the enclosing named function.
//   condition — the nearest guarding if/ternary/&&/switch-case test, compiled source, trimmed.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import {
  regionIncluded,
  regionMedium,
  regionExcluded,
  regionIsLib,
  isMessageLike,
  isShortHoleMessage,
  STRONG_CONTENT,
  CONNECT_CONTENT,
  UI_KEY_CONTENT,
} from './select.mjs';
import { readSourceMap, normaliseMapSource } from './sourcemap.mjs';
import { literalOf } from './pattern.mjs';

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
const UPPER_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const CHECK_ID = /^core\/doctor\/[a-z0-9][\w./-]*$/;

const SKIP_CALL_PROPS = new Set([
  'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'match', 'matchAll', 'replace', 'replaceAll',
  'split', 'test', 'exec', 'search', 'localeCompare', 'option', 'requiredOption', 'description', 'describe',
  'command', 'alias', 'aliases', 'usage', 'addHelpText', 'helpOption', 'argument', 'arguments', 'addOption',
  'addArgument', 'hideHelp', 'helpCommand', 'env', 'choices', 'default', 'get', 'has', 'delete', 'getAttribute',
  'setAttribute', 'querySelector', 'querySelectorAll', 'closest', 'addEventListener', 'removeEventListener',
  'createElement', 'getItem', 'setItem', 'removeItem', 'on', 'once', 'off', 'emit', 'prepare', 'run', 'all',
  'iterate', 'pragma', 'define', 'import', 'require', 'resolve', 'join', 'toLowerCase',
]);
const SKIP_CALL_NAMES = new Set(['require', 'RegExp', 'Symbol', 'Option', 'Argument', 'importMetaResolve', 't', 'i18n', 'translate', 'msg']);
const LOG_PROPS = new Map([
  ['error', 'log-error'], ['fatal', 'log-error'], ['errorln', 'log-error'],
  ['warn', 'log-warn'], ['warning', 'log-warn'],
  ['info', 'log-info'], ['debug', 'log-info'], ['trace', 'log-info'], ['verbose', 'log-info'],
  ['success', 'log-info'], ['log', 'log-info'], ['raw', 'log-info'], ['notice', 'log-info'],
]);
const CLI_CALL_NAMES = /^(note|outro|intro|cancel|print\w*|println|writeLine|writeOut|emitLine|renderLine|say|step|logLine|heading|section)$/;
const LOG_CALL_NAMES = /^(log|logger|logGateway|logWs\w*)?(Error|Warn(ing)?|Info|Debug|Fatal)$|^(error|warn|warning|fatal)$/i;
const ERROR_RESPONSE_CALLS = /^(errorShape|sendHandshakeErrorResponse|sendErrorResponse|respondError|makeError\w*|createError\w*|gatewayError\w*|errorResponse|rpcError|protocolError|respondWithError|toErrorShape)$/;
const WRAPPER_NAME = /truncate|format|sanitize|redact|trim|normali[sz]e|^String$|stringify|describe|clamp|withHint|withPrefix|colou?r|theme|chalk|bold|dim|red|yellow|green|cyan|muted|warn|danger|accent|success|info|error/i;
const HELP_KEYS = new Set(['description', 'summary', 'help', 'helpText', 'usage', 'example', 'examples', 'placeholder', 'docs', 'docsUrl', 'longDescription']);

export const KIND_PRIORITY = {
  'close-reason': 11, 'error-code': 10, exit: 9, throw: 8, 'log-error': 7, 'log-warn': 6, 'doctor-check': 5,
  'cli-output': 4, 'ui-text': 3, 'log-info': 2, text: 1,
};

export function parseRegions(src) {
  const regions = [];
  const re = /^\/\/#(region|endregion)(?:[ \t]+([^\n\r]*))?\r?$/gm;
  let open = null;
  let m;
  while ((m = re.exec(src))) {
    if (m[1] === 'region') {
      if (open) {
        open.end = m.index;
        regions.push(open);
      }
      open = { start: m.index, path: (m[2] || '').trim() };
    } else if (open) {
      open.end = m.index;
      regions.push(open);
      open = null;
    }
  }
  if (open) {
    open.end = src.length;
    regions.push(open);
  }
  return regions;
}

function regionAt(regions, offset) {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid];
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return r;
  }
  return undefined;
}

function lineStarts(src) {
  const out = [0];
  for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) out.push(i + 1);
  return out;
}
function lineColAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return [lo, offset - starts[lo]];
}

const collapse = (s) => s.replace(/\s+/g, ' ').trim();
const clip = (s, n = 160) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

function propName(key) {
  if (!key) return undefined;
  if (key.type === 'Identifier') return key.name;
  if (key.type === 'Literal') return String(key.value);
  if (key.type === 'PrivateIdentifier') return '#' + key.name;
  return undefined;
}

function calleeInfo(callee) {
  if (!callee) return {};
  if (callee.type === 'Identifier') return { name: callee.name };
  if (callee.type === 'MemberExpression' && !callee.computed) {
    return { prop: propName(callee.property), objNode: callee.object };
  }
  if (callee.type === 'SequenceExpression') return calleeInfo(callee.expressions[callee.expressions.length - 1]);
  return {};
}

/** Options:
 *  src, distPath (relative to package root, e.g. dist/gateway/client.js), bundled (bool),
 *  ui (bool: file is part of the Control UI assets), mapJson (string|undefined), collectLocale (bool)
 */
export function extractFile(opts) {
  const { src, distPath, bundled, ui, mapJson, collectLocale } = opts;
  const regions = bundled ? parseRegions(src) : [];
  const unbundledPath = distPath
    .replace(/^dist\//, 'src/')
    .replace(/\.(m?js)$/, '.ts');
  let smap;
  let starts;
  if (ui && mapJson) {
    try {
      smap = readSourceMap(mapJson);
      starts = lineStarts(src);
    } catch {
      smap = undefined;
    }
  }
  const uiPlain = ui ? 'ui:control-ui/' + distPath.replace(/^.*control-ui\//, '').replace(/-[A-Za-z0-9_-]{8}(\.m?js)$/, '$1') : undefined;

  function fileAt(offset) {
    if (ui) {
      if (smap) {
        const [l, c] = lineColAt(starts, offset);
        const s = smap.sourceAt(l, c);
        if (s) return normaliseMapSource(s);
      }
      return uiPlain;
    }
    if (bundled) {
      const r = regionAt(regions, offset);
      return r ? r.path : distPath;
    }
    return unbundledPath;
  }

  // ---- file-level prefilter ----
  if (!ui && !collectLocale) {
    const anyRegionIn = bundled && regions.some((r) => (regionIncluded(r.path) || regionIsLib(r.path)) && !regionExcluded(r.path));
    const pathIn = !bundled && regionIncluded(unbundledPath);
    if (!anyRegionIn && !pathIn && !STRONG_CONTENT.test(src) && !src.includes('core/doctor/')) return { records: [], parsed: false };
  }

  let ast;
  try {
    ast = acorn.parse(src, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowAwaitOutsideFunction: true,
      allowReserved: true,
    });
  } catch {
    try {
      ast = acorn.parse(src, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true, allowReserved: true });
    } catch (e) {
      return { records: [], parsed: false, error: String(e.message || e) };
    }
  }

  const text = (n) => src.slice(n.start, n.end);

  // ---- indexes built during the walk ----
  const scopeParent = new Map(); // function node -> parent scope node
  const decls = new Map(); // scope -> Map(name -> expr[])
  const funcs = new Map(); // scope -> Map(name -> fn node)
  const sinks = []; // {expr, scope, kind, codes}
  const fnNames = new Map(); // function node -> its name
  const callsByName = new Map(); // callee name -> [{node, scope}]
  const candidates = []; // {node, ...}
  const locale = collectLocale ? new Map() : undefined;
  const uiTagged = [];

  const addTo = (map, scope, name, v) => {
    let m = map.get(scope);
    if (!m) map.set(scope, (m = new Map()));
    if (map === funcs) m.set(name, v);
    else {
      const arr = m.get(name);
      if (arr) arr.push(v);
      else m.set(name, [v]);
    }
  };
  function nearestScope(anc, fromIndex) {
    for (let i = fromIndex; i >= 0; i--) if (FUNCTION_TYPES.has(anc[i].type)) return anc[i];
    return ast;
  }

  function isStringish(n) {
    return (n.type === 'Literal' && typeof n.value === 'string') || n.type === 'TemplateLiteral';
  }
  function isPlusChain(n) {
    if (n.type !== 'BinaryExpression' || n.operator !== '+') return false;
    const stack = [n];
    while (stack.length) {
      const x = stack.pop();
      if (x.type === 'BinaryExpression' && x.operator === '+') stack.push(x.left, x.right);
      else if (isStringish(x)) return true;
    }
    return false;
  }
  function isParenPlus(parent) {
    return parent && parent.type === 'BinaryExpression' && parent.operator === '+';
  }

  /** Render a candidate node to text with ${...} holes. */
  function render(n) {
    if (n.type === 'Literal') return String(n.value);
    if (n.type === 'TemplateLiteral') {
      let s = '';
      for (let i = 0; i < n.quasis.length; i++) {
        s += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
        if (i < n.expressions.length) s += '${' + collapse(text(n.expressions[i])) + '}';
      }
      return s;
    }
    if (n.type === 'BinaryExpression' && n.operator === '+') {
      const parts = [];
      const flat = (x) => {
        if (x.type === 'BinaryExpression' && x.operator === '+') {
          flat(x.left);
          flat(x.right);
        } else parts.push(x);
      };
      flat(n);
      return parts.map((p) => (isStringish(p) ? render(p) : '${' + collapse(text(p)) + '}')).join('');
    }
    return '';
  }

  function fnName(anc, fromIndex) {
    for (let i = fromIndex; i >= 0; i--) {
      const n = anc[i];
      if (n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') {
        const k = propName(n.key);
        if (k) return k;
      }
      if (!FUNCTION_TYPES.has(n.type)) continue;
      if (n.id && n.id.name) return n.id.name;
      const p = anc[i - 1];
      if (!p) continue;
      if (p.type === 'VariableDeclarator' && p.id.type === 'Identifier') return p.id.name;
      if (p.type === 'Property' && p.value === n) {
        const k = propName(p.key);
        if (k) return k;
      }
      if (p.type === 'AssignmentExpression' && p.right === n) {
        if (p.left.type === 'Identifier') return p.left.name;
        if (p.left.type === 'MemberExpression') {
          const k = propName(p.left.property);
          if (k) return k;
        }
      }
    }
    return undefined;
  }

  function conditionOf(anc, fromIndex) {
    for (let i = fromIndex; i >= 1; i--) {
      const child = anc[i];
      const p = anc[i - 1];
      if (FUNCTION_TYPES.has(p.type)) return undefined;
      if (p.type === 'IfStatement') {
        if (child === p.consequent) return text(p.test);
        if (child === p.alternate) return '!(' + text(p.test) + ')';
      } else if (p.type === 'ConditionalExpression') {
        if (child === p.consequent) return text(p.test);
        if (child === p.alternate) return '!(' + text(p.test) + ')';
      } else if (p.type === 'LogicalExpression' && child === p.right) {
        if (p.operator === '&&') return text(p.left);
        return '!(' + text(p.left) + ')';
      } else if (p.type === 'SwitchCase' && p.consequent.includes(child)) {
        const sw = anc[i - 2];
        const disc = sw && sw.type === 'SwitchStatement' ? text(sw.discriminant) : 'switch';
        // fallthrough cases share the body: collect the empty cases right before this one
        const tests = [];
        if (sw && sw.type === 'SwitchStatement') {
          const idx = sw.cases.indexOf(p);
          for (let k = idx; k >= 0; k--) {
            const c = sw.cases[k];
            if (k !== idx && c.consequent.length) break;
            tests.unshift(c.test ? text(c.test) : 'default');
          }
        } else tests.push(p.test ? text(p.test) : 'default');
        return disc + ' === ' + tests.join(' | ');
      } else if (p.type === 'CatchClause' && child === p.body) {
        return 'catch (' + (p.param ? text(p.param) : '') + ')';
      }
    }
    return undefined;
  }

  function upperCodeOf(n) {
    if (!n) return undefined;
    if (n.type === 'Literal' && typeof n.value === 'string' && UPPER_CODE.test(n.value)) return n.value;
    if (n.type === 'MemberExpression' && !n.computed) {
      const k = propName(n.property);
      if (k && /^[A-Z][A-Z0-9_]{2,}$/.test(k)) return k;
    }
    return undefined;
  }
  function codesFromArgs(args) {
    const codes = {};
    for (const a of args) {
      const c = upperCodeOf(a);
      if (c && !codes.error) codes.error = c;
      if (a.type === 'ObjectExpression') scanObjectCodes(a, codes);
    }
    return codes;
  }
  function scanObjectCodes(obj, codes, depth = 0) {
    for (const p of obj.properties) {
      if (p.type !== 'Property') continue;
      const k = propName(p.key);
      if (k === 'code') {
        const c = upperCodeOf(p.value);
        if (c) {
          if (depth === 0 && !codes.error) codes.error = c;
          else if (depth > 0 && !codes.detail) codes.detail = c;
        }
      } else if (k === 'checkId') {
        const v = literalValue(p.value, ast);
        if (v && CHECK_ID.test(v)) codes.checkId = v;
      } else if ((k === 'details' || k === 'data') && p.value.type === 'ObjectExpression' && depth < 2) {
        scanObjectCodes(p.value, codes, depth + 1);
      }
    }
  }
  function literalValue(n, scope) {
    if (!n) return undefined;
    if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
    if (n.type === 'Identifier') {
      for (let s = scope; s; s = scopeParent.get(s)) {
        const d = decls.get(s)?.get(n.name);
        if (d) {
          for (const e of d) if (e.type === 'Literal' && typeof e.value === 'string') return e.value;
          return undefined;
        }
      }
      const d = decls.get(ast)?.get(n.name);
      if (d) for (const e of d) if (e.type === 'Literal' && typeof e.value === 'string') return e.value;
    }
    return undefined;
  }
  function numberValue(n, scope) {
    if (!n) return undefined;
    if (n.type === 'Literal' && typeof n.value === 'number') return n.value;
    if (n.type === 'Identifier') {
      for (let s = scope; s; s = scopeParent.get(s)) {
        const d = decls.get(s)?.get(n.name);
        if (d) {
          for (const e of d) if (e.type === 'Literal' && typeof e.value === 'number') return e.value;
          return undefined;
        }
      }
    }
    if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier') {
      const obj = decls.get(ast)?.get(n.object.name)?.find((e) => e.type === 'ObjectExpression');
      const k = propName(n.property);
      const p = obj?.properties.find((pp) => pp.type === 'Property' && propName(pp.key) === k);
      if (p && p.value.type === 'Literal' && typeof p.value.value === 'number') return p.value.value;
    }
    return undefined;
  }

  /** Classify a call/new node as a sink. Returns {kind, codes, msgArgs:[index...]} or undefined. */
  function sinkOfCall(node, anc, idx) {
    const isNew = node.type === 'NewExpression';
    const { name, prop, objNode } = calleeInfo(node.callee);
    const args = node.arguments;
    if (isNew) {
      if (name && /(Error|Exception)$/.test(name)) return { kind: 'throw', codes: codesFromArgs(args.slice(1)), msgArgs: [0] };
      return undefined;
    }
    if (node.callee.type === 'Super') {
      for (let i = idx - 1; i >= 0; i--) {
        const c = anc[i];
        if (c.type === 'ClassDeclaration' || c.type === 'ClassExpression') {
          const cname = c.id?.name || '';
          const sup = c.superClass ? text(c.superClass) : '';
          if (/(Error|Exception)$/.test(cname) || /(Error|Exception)$/.test(sup)) return { kind: 'throw', codes: codesFromArgs(args.slice(1)), msgArgs: [0] };
          break;
        }
      }
      return undefined;
    }
    const callName = name || prop;
    if (!callName) return undefined;
    if (/^(close|closeSocket|closeConnection|closeWith\w*|closeWs|closeClient|terminateWith\w*|wsClose|closeGateway\w*)$/.test(callName) && args.length >= 2) {
      const scope = nearestScope(anc, idx);
      const code = numberValue(args[0], scope);
      if (code !== undefined && code >= 1000 && code < 5000) return { kind: 'close-reason', codes: { close: code }, msgArgs: [1] };
    }
    if (ERROR_RESPONSE_CALLS.test(callName)) {
      const codes = codesFromArgs(args);
      const msgArgs = [];
      args.forEach((a, i) => {
        if (!upperCodeOf(a) && a.type !== 'ObjectExpression') msgArgs.push(i);
      });
      return { kind: 'error-code', codes, msgArgs };
    }
    if (prop === 'exit' || callName === 'exit') return undefined;
    if (prop && LOG_PROPS.has(prop)) {
      const objSrc = objNode ? text(objNode) : '';
      if (/^(Math|JSON|Object|Array|Promise|Reflect|Number|String|Date)$/.test(objSrc)) return undefined;
      let kind = LOG_PROPS.get(prop);
      if ((prop === 'log' || prop === 'info' || prop === 'raw' || prop === 'success') && /(^|\.)(runtime|defaultRuntime|console|io|out|output|stdout|ui|terminal|cli|printer|reporter)$/i.test(objSrc)) {
        const f = fileAt(node.start);
        if (/^src\/(cli|commands|wizard|flows|daemon)\//.test(f)) kind = 'cli-output';
      }
      return { kind, codes: codesFromArgs(args.slice(1)), msgArgs: [0] };
    }
    if (prop === 'write' && objNode && /(^|\.)std(out|err)$/.test(text(objNode))) {
      return { kind: /stderr$/.test(text(objNode)) ? 'log-error' : 'cli-output', codes: {}, msgArgs: [0] };
    }
    if (CLI_CALL_NAMES.test(callName)) return { kind: 'cli-output', codes: {}, msgArgs: [0, 1] };
    if (LOG_CALL_NAMES.test(callName)) {
      const lc = callName.toLowerCase();
      const kind = /error|fatal/.test(lc) ? 'log-error' : /warn/.test(lc) ? 'log-warn' : 'log-info';
      return { kind, codes: {}, msgArgs: [0] };
    }
    return undefined;
  }

  // ---- the walk ----
  walk.fullAncestor(ast, (node, _state, anc) => {
    const idx = anc.length - 1;
    const parent = anc[idx - 1];
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const outer = nearestScope(anc, idx - 1);
        scopeParent.set(node, outer);
        if (node.type === 'FunctionDeclaration' && node.id) addTo(funcs, outer, node.id.name, node);
        const fname = node.id?.name || (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined);
        if (fname) fnNames.set(node, fname);
        // parameters: values flow in from the call sites of this function (resolved lazily)
        node.params.forEach((prm, index) => {
          const pat = prm.type === 'AssignmentPattern' ? prm.left : prm;
          if (pat.type === 'Identifier') addTo(decls, node, pat.name, { type: '$Param', fn: node, index });
          else if (pat.type === 'ObjectPattern') {
            for (const pp of pat.properties) {
              if (pp.type !== 'Property') continue;
              const v = pp.value.type === 'AssignmentPattern' ? pp.value.left : pp.value;
              const k = propName(pp.key);
              if (v.type === 'Identifier' && k) addTo(decls, node, v.name, { type: '$ParamProp', fn: node, index, key: k });
            }
          }
        });
        break;
      }
      case 'VariableDeclarator': {
        if (node.id.type === 'Identifier' && node.init) {
          const scope = nearestScope(anc, idx - 1);
          addTo(decls, scope, node.id.name, node.init);
          if (FUNCTION_TYPES.has(node.init.type)) addTo(funcs, scope, node.id.name, node.init);
        } else if (node.id.type === 'ObjectPattern' && node.init) {
          // const { message, reason } = params;  -> message is params.message
          const scope = nearestScope(anc, idx - 1);
          for (const pp of node.id.properties) {
            if (pp.type !== 'Property') continue;
            const v = pp.value.type === 'AssignmentPattern' ? pp.value.left : pp.value;
            const k = propName(pp.key);
            if (v.type === 'Identifier' && k) addTo(decls, scope, v.name, { type: '$PropOf', object: node.init, key: k });
          }
        }
        break;
      }
      case 'AssignmentExpression': {
        if (node.operator === '=' && node.left.type === 'Identifier') addTo(decls, nearestScope(anc, idx - 1), node.left.name, node.right);
        break;
      }
      case 'ThrowStatement': {
        const a = node.argument;
        const scope = nearestScope(anc, idx);
        if (a.type === 'NewExpression' || a.type === 'CallExpression') {
          const { name } = calleeInfo(a.callee);
          if (name && /(Error|Exception)$|^(err|error|fail)/i.test(name)) {
            sinks.push({ expr: a.arguments[0], scope, kind: 'throw', codes: codesFromArgs(a.arguments.slice(1)), at: node.start });
          }
        } else sinks.push({ expr: a, scope, kind: 'throw', codes: {}, at: node.start });
        break;
      }
      case 'CallExpression':
      case 'NewExpression': {
        // lines.push(x): x flows wherever `lines` goes (note(lines.join("\n")))
        if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.object.type === 'Identifier' && /^(push|unshift)$/.test(propName(node.callee.property) || '')) {
          const scope = nearestScope(anc, idx);
          for (const a of node.arguments) addTo(decls, scope, node.callee.object.name, a);
        }
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
          let l = callsByName.get(node.callee.name);
          if (!l) callsByName.set(node.callee.name, (l = []));
          if (l.length < 50) l.push({ node, scope: nearestScope(anc, idx) });
        }
        const s = sinkOfCall(node, anc, idx);
        if (s) {
          const scope = nearestScope(anc, idx);
          for (const i of s.msgArgs) if (node.arguments[i]) sinks.push({ expr: node.arguments[i], scope, kind: s.kind, codes: s.codes, at: node.start });
        }
        break;
      }
      case 'Literal':
      case 'TemplateLiteral':
      case 'BinaryExpression': {
        if (node.type === 'Literal' && typeof node.value !== 'string') break;
        if (node.type === 'BinaryExpression' && !isPlusChain(node)) break;
        if (isParenPlus(parent) && isPlusChain(parent)) break; // inner part of a concatenation
        if (parent && parent.type === 'TemplateLiteral') break;
        if (node.type === 'TemplateLiteral' && parent && parent.type === 'TaggedTemplateExpression') {
          const tag = text(parent.tag);
          if (/(^|[.\s(])str\)?$/.test(tag)) {
            const t = render(node);
            const file = fileAt(node.start);
            if (keep(t, file, undefined)) candidates.push({ node, anc: anc.slice(), idx, t, file });
          } else if (ui) uiTagged.push(node);
          break;
        }
        if (parent) {
          if (parent.type === 'ImportDeclaration' || parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportAllDeclaration' || parent.type === 'ImportExpression') break;
          if (parent.type === 'Property' && parent.key === node) break;
          if (parent.type === 'MemberExpression' && parent.property === node) break;
          if (parent.type === 'BinaryExpression' && /^(===|!==|==|!=|in|instanceof)$/.test(parent.operator)) break;
          if (parent.type === 'SwitchCase' && parent.test === node) break;
          if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee !== node) {
            const { name, prop } = calleeInfo(parent.callee);
            if ((prop && SKIP_CALL_PROPS.has(prop)) || (name && SKIP_CALL_NAMES.has(name))) break;
          }
        }
        {
          const t = render(node);
          if (!t) break;
          const file = fileAt(node.start);
          if (node.type === 'Literal' && (CHECK_ID.test(t) || /^[A-Z][A-Z0-9_]{2,}$/.test(t))) {
            if (CHECK_ID.test(t) || (parent && parent.type === 'Property' && parent.value === node)) candidates.push({ node, anc: anc.slice(), idx, t, file });
            break;
          }
          const ctx = contextOf(anc, idx);
          if (!ctx.help && keep(t, file, ctx.i18nKey)) candidates.push({ node, anc: anc.slice(), idx, t, file });
        }
        break;
      }
      default:
    }
  });

  // ---- resolve sinks to the literal nodes they can print ----
  const marks = new Map(); // node -> {kind, codes}
  function lookupDecl(name, scope) {
    for (let s = scope; s; s = s === ast ? undefined : scopeParent.get(s) ?? ast) {
      const d = decls.get(s)?.get(name);
      if (d) return d;
    }
    return undefined;
  }
  function lookupFn(name, scope) {
    for (let s = scope; s; s = s === ast ? undefined : scopeParent.get(s) ?? ast) {
      const f = funcs.get(s)?.get(name);
      if (f) return f;
    }
    return undefined;
  }
  const returnsCache = new Map();
  function returnsOf(fn) {
    if (returnsCache.has(fn)) return returnsCache.get(fn);
    const out = [];
    if (fn.type === 'ArrowFunctionExpression' && fn.expression) out.push(fn.body);
    else {
      walk.recursive(fn.body, null, {
        Function() {}, // do not enter nested functions
        ReturnStatement(n) {
          if (n.argument) out.push(n.argument);
        },
      });
    }
    returnsCache.set(fn, out);
    return out;
  }
  function resolve(expr, scope, depth, out, seen) {
    if (!expr || depth > 7 || seen.has(expr)) return;
    seen.add(expr);
    switch (expr.type) {
      case 'Literal':
        if (typeof expr.value === 'string') out.push(expr);
        return;
      case 'TemplateLiteral':
        out.push(expr);
        return;
      case 'BinaryExpression':
        if (isPlusChain(expr)) out.push(expr);
        return;
      case 'ConditionalExpression':
        resolve(expr.consequent, scope, depth + 1, out, seen);
        resolve(expr.alternate, scope, depth + 1, out, seen);
        return;
      case 'LogicalExpression':
        resolve(expr.left, scope, depth + 1, out, seen);
        resolve(expr.right, scope, depth + 1, out, seen);
        return;
      case 'SequenceExpression':
        resolve(expr.expressions[expr.expressions.length - 1], scope, depth + 1, out, seen);
        return;
      case 'AwaitExpression':
      case 'ChainExpression':
      case 'ParenthesizedExpression':
        resolve(expr.argument ?? expr.expression, scope, depth + 1, out, seen);
        return;
      case '$Param':
      case '$ParamProp': {
        // the value comes from the call sites of the function that declares the parameter
        const name = fnNames.get(expr.fn);
        const calls = name ? callsByName.get(name) || [] : [];
        for (const c of calls) {
          const arg = c.node.arguments[expr.index];
          if (!arg) continue;
          if (expr.type === '$Param') resolve(arg, c.scope, depth + 1, out, seen);
          else resolvePropOf(arg, expr.key, c.scope, depth, out, seen);
        }
        return;
      }
      case '$PropOf':
        resolvePropOf(expr.object, expr.key, scope, depth, out, seen);
        return;
      case 'ArrayExpression':
        for (const el of expr.elements) if (el) resolve(el, scope, depth + 1, out, seen);
        return;
      case 'SpreadElement':
        resolve(expr.argument, scope, depth + 1, out, seen);
        return;
      case 'Identifier': {
        const d = lookupDecl(expr.name, scope);
        if (d) for (const e of d) resolve(e, scope, depth + 1, out, seen);
        return;
      }
      case 'MemberExpression': {
        if (!expr.computed && expr.object.type === 'Identifier') {
          const d = lookupDecl(expr.object.name, scope);
          const k = propName(expr.property);
          if (d) {
            for (const e of d) {
              const obj = e.type === 'CallExpression' && e.arguments[0]?.type === 'ObjectExpression' ? e.arguments[0] : e; // Object.freeze({...})
              if (obj.type !== 'ObjectExpression') continue;
              const p = obj.properties.find((pp) => pp.type === 'Property' && propName(pp.key) === k);
              if (p) resolve(p.value, scope, depth + 1, out, seen);
            }
          }
        }
        return;
      }
      case 'NewExpression': {
        const { name } = calleeInfo(expr.callee);
        if (name && /(Error|Exception)$/.test(name)) resolve(expr.arguments[0], scope, depth + 1, out, seen);
        return;
      }
      case 'CallExpression': {
        const { name, prop, objNode } = calleeInfo(expr.callee);
        if (name) {
          const fn = lookupFn(name, scope);
          if (!fn && unresolvedNow && /^[a-z]/.test(name) && /[a-z][A-Z].*[a-z][A-Z]/.test(name)) unresolvedNow.add(name); // specific names only (3+ camel parts)
          const before = out.length;
          if (fn) for (const r of returnsOf(fn)) resolve(r, fn, depth + 1, out, seen);
          if (out.length === before && (fn || WRAPPER_NAME.test(name)) && expr.arguments[0]) resolve(expr.arguments[0], scope, depth + 1, out, seen);
        } else if (prop && /^(trim|trimEnd|trimStart|toString|slice|concat|padEnd|join|filter|flat)$/.test(prop) && objNode) {
          resolve(objNode, scope, depth + 1, out, seen);
        } else if (prop && WRAPPER_NAME.test(prop) && expr.arguments[0]) {
          resolve(expr.arguments[0], scope, depth + 1, out, seen);
        }
        return;
      }
      default:
    }
  }
  /** The value of `obj.key` where obj is an object literal, an identifier bound to one, or a parameter. */
  function resolvePropOf(obj, key, scope, depth, out, seen) {
    if (!obj || depth > 7) return;
    if (obj.type === 'ObjectExpression') {
      const p = obj.properties.find((pp) => pp.type === 'Property' && propName(pp.key) === key);
      if (p) {
        if (p.shorthand && p.value.type === 'Identifier') resolve(p.value, scope, depth + 1, out, seen);
        else resolve(p.value, scope, depth + 1, out, seen);
      }
      return;
    }
    if (obj.type === 'Identifier') {
      const d = lookupDecl(obj.name, scope);
      if (!d) return;
      for (const e of d) {
        if (e.type === 'ObjectExpression') resolvePropOf(e, key, scope, depth + 1, out, seen);
        else if (e.type === '$Param') {
          const name = fnNames.get(e.fn);
          for (const c of (name && callsByName.get(name)) || []) {
            const arg = c.node.arguments[e.index];
            const visit = arg ? `${arg.start}:${arg.end}:${key}` : '';
            if (arg && !seen.has(visit)) {
              seen.add(visit);
              resolvePropOf(arg, key, c.scope, depth + 1, out, seen);
            }
          }
        }
      }
    }
  }

  // calls to functions defined in another chunk: reported so release.mjs can mark their return strings
  const crossCalls = new Map(); // name -> {kind, codes}
  let unresolvedNow;
  for (const s of sinks) {
    const out = [];
    unresolvedNow = new Set();
    resolve(s.expr, s.scope, 0, out, new Set());
    for (const name of unresolvedNow) {
      const prev = crossCalls.get(name);
      if (!prev) crossCalls.set(name, { kind: s.kind, codes: { ...s.codes } });
      else if (KIND_PRIORITY[s.kind] > KIND_PRIORITY[prev.kind]) crossCalls.set(name, { kind: s.kind, codes: { ...prev.codes, ...s.codes } });
      else prev.codes = { ...s.codes, ...prev.codes };
    }
    for (const n of out) {
      const prev = marks.get(n);
      if (!prev || KIND_PRIORITY[s.kind] > KIND_PRIORITY[prev.kind]) marks.set(n, { kind: s.kind, codes: { ...(prev?.codes || {}), ...s.codes } });
      else prev.codes = { ...s.codes, ...prev.codes };
    }
  }

  // ---- exit codes near a statement ----
  function exitCodeNear(anc, idx) {
    // find the statement that holds the candidate and its containing statement list
    for (let i = idx; i >= 1; i--) {
      const p = anc[i - 1];
      if (FUNCTION_TYPES.has(p.type)) break;
      const list = p.type === 'BlockStatement' || p.type === 'Program' ? p.body : p.type === 'SwitchCase' ? p.consequent : undefined;
      if (!list) continue;
      const at = list.indexOf(anc[i]);
      if (at < 0) continue;
      const scope = nearestScope(anc, i);
      for (let k = at; k < Math.min(list.length, at + 5); k++) {
        const code = exitCodeOfStatement(list[k], scope);
        if (code !== undefined) return code;
      }
      return undefined;
    }
    return undefined;
  }
  function exitCodeOfStatement(st, scope) {
    if (!st) return undefined;
    let e = st.type === 'ExpressionStatement' ? st.expression : st.type === 'ReturnStatement' ? st.argument : undefined;
    if (!e) return undefined;
    if (e.type === 'AwaitExpression') e = e.argument;
    if (e.type === 'CallExpression') {
      const { name, prop, objNode } = calleeInfo(e.callee);
      if ((prop === 'exit' && objNode && /(^|\.)(process|runtime|defaultRuntime|rt|ctx\.runtime|params\.runtime|deps\.runtime)$|untime$/.test(text(objNode))) || name === 'exit' || /^exit(With|Process)/.test(name || '')) {
        const code = numberValue(e.arguments[e.arguments.length - 1], scope) ?? numberValue(e.arguments[0], scope);
        if (code !== undefined && code !== 0) return code;
      }
    }
    if (e.type === 'AssignmentExpression' && e.left.type === 'MemberExpression' && propName(e.left.property) === 'exitCode') {
      const code = numberValue(e.right, scope);
      if (code !== undefined && code !== 0) return code;
    }
    return undefined;
  }

  // ---- context kind for a candidate that no sink reached ----
  function contextOf(anc, idx) {
    const res = { kind: undefined, codes: {}, i18nKey: undefined };
    let child = anc[idx];
    for (let i = idx - 1, hops = 0; i >= 0 && hops < 8; i--, hops++) {
      const p = anc[i];
      if (FUNCTION_TYPES.has(p.type)) {
        if (p.type === 'ArrowFunctionExpression' && p.body === child) {
          res.kind = res.kind || 'text';
          res.returned = true;
        }
        break;
      }
      if (p.type === 'Property' && p.value === child && !ui && HELP_KEYS.has(propName(p.key))) {
        res.help = true;
        break;
      }
      if (p.type === 'ArrayExpression' && anc[i - 1]?.type === 'Property' && HELP_KEYS.has(propName(anc[i - 1].key)) && !ui) {
        res.help = true;
        break;
      }
      if (p.type === 'Property' && p.value === child) {
        // walk the chain of object literals for an i18n key path and sibling codes
        const obj = anc[i - 1];
        if (obj && obj.type === 'ObjectExpression') scanObjectCodes(obj, res.codes);
        const keys = [propName(p.key)];
        let j = i - 1;
        while (j >= 2 && anc[j].type === 'ObjectExpression' && anc[j - 1].type === 'Property' && anc[j - 1].value === anc[j]) {
          keys.unshift(propName(anc[j - 1].key));
          j -= 2;
        }
        if (ui && keys.length >= 2 && keys.every(Boolean)) res.i18nKey = keys.join('.');
        // config field label/help tables (FIELD_LABELS, FIELD_HELP, ...): documentation, not messages
        const holder = anc[j - 1];
        if (!ui && holder?.type === 'VariableDeclarator' && holder.id.type === 'Identifier' && /(^(FIELD|GROUP)_|_(LABELS|HELP|HINTS|PLACEHOLDERS|DESCRIPTIONS)$)/.test(holder.id.name)) {
          res.help = true;
          break;
        }
        res.kind = res.kind || (ui ? 'ui-text' : 'text');
        break;
      }
      if (p.type === 'ThrowStatement') {
        res.kind = 'throw';
        break;
      }
      if (p.type === 'ReturnStatement' || p.type === 'VariableDeclarator' || p.type === 'AssignmentExpression') {
        if (p.type === 'ReturnStatement') res.returned = true;
        res.kind = ui ? 'ui-text' : 'text';
        if (p.type === 'AssignmentExpression' && p.left.type === 'MemberExpression' && propName(p.left.property) === 'exitCode') break;
        break;
      }
      if (p.type === 'ExpressionStatement' || p.type === 'BlockStatement' || p.type === 'Program') break;
      child = p;
    }
    res.kind = res.kind || (ui ? 'ui-text' : 'text');
    return res;
  }

  // ---- relevance ----
  function keep(t, file, i18nKey) {
    if (regionExcluded(file)) return false;
    const lit = literalOf(t);
    if (!isMessageLike(t)) {
      // short templated messages (`disconnected (${code}): ${reason}`) only where every message counts
      if (!isShortHoleMessage(t)) return false;
      if (ui) return CONNECT_CONTENT.test(lit);
      return regionIncluded(file);
    }
    if (ui) return CONNECT_CONTENT.test(lit) || Boolean(i18nKey && UI_KEY_CONTENT.test(i18nKey) && !/^(usage|cost|skill|memory|agents?|chat|cron|models?|channels?|sessions?)\./.test(i18nKey));
    if (regionIncluded(file) || regionIsLib(file)) return true;
    if (regionMedium(file)) return CONNECT_CONTENT.test(lit) || STRONG_CONTENT.test(lit);
    return STRONG_CONTENT.test(lit);
  }

  const records = [];
  for (const c of candidates) {
    const { node, anc, idx, t, file } = c;
    const parent = anc[idx - 1];

    // doctor check ids
    if (node.type === 'Literal' && CHECK_ID.test(t)) {
      records.push({ text: t, kind: 'doctor-check', codes: { checkId: t }, file, fn: fnName(anc, idx) });
      continue;
    }
    // error-code enums: { AUTH_TOKEN_MISMATCH: "AUTH_TOKEN_MISMATCH", ... } and code: "X_Y" properties
    if (node.type === 'Literal' && /^[A-Z][A-Z0-9_]{2,}$/.test(t) && parent && parent.type === 'Property' && parent.value === node) {
      const key = propName(parent.key);
      const obj = anc[idx - 2];
      const enumLike = key === t && obj?.type === 'ObjectExpression' && obj.properties.filter((p) => p.type === 'Property' && p.value.type === 'Literal' && propName(p.key) === p.value.value).length >= 2;
      const codeProp = key === 'code' && UPPER_CODE.test(t);
      if ((enumLike || codeProp) && (regionIncluded(file) || /protocol|error/i.test(file)) && !regionExcluded(file)) {
        records.push({ text: t, kind: 'error-code', codes: { error: t }, file, fn: fnName(anc, idx) });
      }
      continue;
    }
    const ctx = contextOf(anc, idx);
    if (!keep(t, file, ctx.i18nKey)) continue;
    const mark = marks.get(node);
    let kind = ctx.kind;
    let codes = { ...ctx.codes };
    if (mark) {
      if (KIND_PRIORITY[mark.kind] >= KIND_PRIORITY[kind] || kind === 'text' || kind === 'ui-text') kind = mark.kind;
      codes = { ...codes, ...mark.codes };
    }
    let text2 = t;
    if (ctx.i18nKey) text2 = t.replace(/\{(\w+)\}/g, '${$1}');
    const exit = exitCodeNear(anc, idx);
    if (exit !== undefined && !codes.exit) codes.exit = exit;
    const said = /\bexit(?:ing|ed)? (?:with )?(?:code|status) (\d{1,3})\b/i.exec(literalOf(t));
    if (said && codes.exit === undefined) codes.exit = Number(said[1]);
    if (kind === 'text' && codes.exit !== undefined) kind = 'exit';
    const rec = { text: text2, kind, codes, file, fn: ui && !smap ? undefined : fnName(anc, idx), condition: undefined };
    const cond = conditionOf(anc, idx);
    if (cond) {
      rec.condition = clip(collapse(cond));
      // `case ErrorCodes.AUTH_TOKEN_MISMATCH:` / `code === "PAIRING_REQUIRED"` name the code this text belongs to
      const cm = /(?:===|\|)\s*(?:[\w$]+\.)?["']?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b/.exec(cond);
      if (cm && !codes.detail && codes.error !== cm[1]) codes.detail = cm[1];
    }
    if (ctx.i18nKey) rec.i18nKey = ctx.i18nKey;
    if (ctx.returned && rec.fn && !ui) rec.returnedFrom = rec.fn;
    if (ui && rec.fn && rec.fn.length <= 2) rec.fn = undefined;
    records.push(rec);
  }

  // Control UI markup text (html`...` templates of early releases)
  for (const node of uiTagged) {
    let t = '';
    for (let i = 0; i < node.quasis.length; i++) {
      t += node.quasis[i].value.cooked ?? node.quasis[i].value.raw;
      if (i < node.expressions.length) {
        const h = collapse(text(node.expressions[i]));
        t += /^[\w$.?]+$/.test(h) ? '${' + h + '}' : '${…}';
      }
    }
    const file = fileAt(node.start);
    for (const chunk of t.split(/<[^>]*>/)) {
      const s = collapse(chunk);
      if (s && keep(s, file, undefined) && !/[<>`{}]/.test(s.replace(/\$\{[^}]*\}/g, ''))) records.push({ text: s, kind: 'ui-text', codes: {}, file });
    }
  }

  // Locale tables (zh-CN/zh-TW): key path -> text, every string property inside nested object literals
  if (collectLocale) {
    walk.fullAncestor(ast, (node, _s, anc) => {
      if (!isStringish(node)) return;
      const idx = anc.length - 1;
      const p = anc[idx - 1];
      if (!p || p.type !== 'Property' || p.value !== node) return;
      const keys = [propName(p.key)];
      let j = idx - 2;
      while (j >= 2 && anc[j].type === 'ObjectExpression' && anc[j - 1].type === 'Property' && anc[j - 1].value === anc[j]) {
        keys.unshift(propName(anc[j - 1].key));
        j -= 2;
      }
      if (keys.length >= 2 && keys.every(Boolean)) locale.set(keys.join('.'), render(node).replace(/\{(\w+)\}/g, '${$1}'));
    });
  }

  return { records, parsed: true, locale, crossCalls };
}
