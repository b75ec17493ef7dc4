// How clients authenticate to the gateway: gateway.auth's shape and mode, where the token comes
// from (config, env, SecretRef), its strength, the legacy gateway.token, trusted-proxy auth, and
// auth on a network bind.
import { envValue, isObj, locator, nonEmptyStr, str, type DeriveContext, type Obj } from './context.js';
import { ENV_REF_ONLY_RE, GATEWAY_PASSWORD_ENV, GATEWAY_TOKEN_ENV } from '../shared/config/env.js';

export interface AuthFacts {
  authAt?: string;
  authIsString?: boolean;
  /** gateway.auth is a string meaning "no auth" (`"none"`, `"off"`…). */
  authStringNone?: boolean;
  /** gateway.auth is the string "token" or "password" (a mode name, not a value). */
  authStringModeName?: string;
  /** gateway.auth is a string holding the token itself. */
  authStringToken?: boolean;
  authTypeNone?: boolean;
  /** gateway.auth.type holds a mode name and auth.mode is absent. */
  authTypeAsMode?: string;
  hasToken: boolean;
  hasPassword: boolean;
  tokenIsSecretRef?: boolean;
  tokenSource: 'config' | 'env' | 'none';
  /** The auth mode the gateway resolves: token, password, none, trusted-proxy… or `invalid`. */
  authMode: string;
  hooksTokenEqualsGatewayToken?: boolean;
  /** gateway.auth holds both a token and a password in the file (strings or SecretRefs) and no mode. */
  authModeAmbiguous?: boolean;
  /** gateway.auth written as a string or `type: "none"`. */
  authNoneShape?: boolean;
  /** The auth object with the intent written as `mode: "none"`, for the fix. */
  authNoneFixed?: Obj;
  tokenLength?: number;
  tokenWeak?: boolean;
  tokenWeakReason?: TokenStrength['reason'];
  tokenWeakSource?: string;
  authTokenAt?: string;
  legacyGatewayToken?: boolean;
  legacyTokenAt?: string;
  /** Where gateway.auth.token stands relative to the legacy gateway.token. */
  legacyTokenTarget?: 'auth-is-string' | 'auth-invalid' | 'absent' | 'same' | 'different';
  trustedProxyWithToken?: 'config' | 'env';
  trustedProxyConfigMissing?: boolean;
  trustedProxyUserHeaderMissing?: boolean;
}

export interface TokenStrength {
  weak: boolean;
  reason?: 'placeholder' | 'redacted-placeholder' | 'undefined-literal' | 'short' | 'low-variety';
  length: number;
}

const PLACEHOLDER_TOKEN_RE =
  /^(?:my[-_ ]?token|my[-_ ]?secret|your[-_ ]?(?:secret[-_ ]?|app[-_ ]?|gateway[-_ ]?)?token(?:[-_ ]?here)?|your[-_ ]?secret(?:[-_ ]?here)?|change[-_ ]?me|changeit|token|secret|password|test|example|default|admin|openclaw|undefined|null|none|x+|\*+|<[^>]*>|\{\{[^}]*\}\}|__openclaw_redacted__|\[redacted\]|redacted|a1b2c3d4-e5f6-7890-abcd-ef1234567890)$/i;

export function tokenStrength(token: string): TokenStrength {
  const t = token.trim();
  const length = t.length;
  if (/^__openclaw_redacted__$|^\[?redacted\]?$/i.test(t)) return { weak: true, reason: 'redacted-placeholder', length };
  if (/^(undefined|null)$/i.test(t)) return { weak: true, reason: 'undefined-literal', length };
  if (PLACEHOLDER_TOKEN_RE.test(t)) return { weak: true, reason: 'placeholder', length };
  if (length < 16) return { weak: true, reason: 'short', length };
  if (new Set(t).size < 6) return { weak: true, reason: 'low-variety', length };
  return { weak: false, length };
}

/** Auth facts, plus a token written as gateway.auth (a secret to mask). */
export interface AuthDerivation {
  facts: AuthFacts;
  secret?: string;
}

/** OpenClaw's hasConfiguredSecretInput: a non-blank string or a SecretRef ({source, id}). */
function configuredSecret(v: unknown): boolean {
  if (typeof v === 'string') return v.trim().length > 0;
  return isObj(v) && typeof v.source === 'string' && typeof v.id === 'string';
}

function authString(auth: string, d: Partial<AuthFacts>): string | undefined {
  d.authIsString = true;
  const intent = auth.trim().toLowerCase();
  if (['none', 'off', 'disabled', 'false', 'no'].includes(intent)) d.authStringNone = true;
  else if (['token', 'password'].includes(intent)) d.authStringModeName = intent;
  else {
    d.authStringToken = true;
    if (auth.length >= 4) return auth;
  }
  return undefined;
}

function legacyToken(gw: Obj, auth: unknown, ctx: DeriveContext, d: Partial<AuthFacts>): void {
  d.legacyGatewayToken = true;
  const at = locator(ctx, '/gateway/token', true);
  if (at) d.legacyTokenAt = at;
  const authObj = isObj(auth) ? auth : undefined;
  if (typeof auth === 'string') d.legacyTokenTarget = 'auth-is-string';
  else if (auth !== undefined && !authObj) d.legacyTokenTarget = 'auth-invalid';
  else if (authObj?.token === undefined) d.legacyTokenTarget = 'absent';
  else if (authObj.token === gw.token) d.legacyTokenTarget = 'same';
  else d.legacyTokenTarget = 'different';
}

export function deriveAuth(value: Obj, gw: Obj, ctx: DeriveContext): AuthDerivation {
  const d: Partial<AuthFacts> = {};
  const auth = gw.auth;
  const authObj = isObj(auth) ? auth : undefined;
  if (auth !== undefined) {
    const at = locator(ctx, '/gateway/auth');
    if (at) d.authAt = at;
  }
  const secret = typeof auth === 'string' ? authString(auth, d) : undefined;
  if (authObj && authObj.type !== undefined) {
    if (String(authObj.type).toLowerCase() === 'none') d.authTypeNone = true;
    if (authObj.mode === undefined && ['token', 'password', 'none', 'trusted-proxy'].includes(String(authObj.type))) d.authTypeAsMode = String(authObj.type);
  }
  const cfgToken = authObj?.token;
  const cfgPassword = authObj?.password;
  const tokenIsRef = isObj(cfgToken);
  const envToken = envValue(ctx.env, ...GATEWAY_TOKEN_ENV);
  const envPassword = envValue(ctx.env, ...GATEWAY_PASSWORD_ENV);
  const hasToken = !!nonEmptyStr(cfgToken) || tokenIsRef || !!envToken;
  const hasPassword = !!nonEmptyStr(cfgPassword) || isObj(cfgPassword) || !!envPassword;
  d.hasToken = hasToken;
  d.hasPassword = hasPassword;
  if (tokenIsRef) d.tokenIsSecretRef = true;
  d.tokenSource = nonEmptyStr(cfgToken) || tokenIsRef ? 'config' : envToken ? 'env' : 'none';
  // Without a mode, a password that resolves (file or env) wins over a token in every release
  // (resolveGatewayAuth: `mode ?? (password ? "password" : "token")`; recorded on 2026.2.12:
  // fixtures/matrix/2026.2.12/auth-mode-ambiguous.json).
  const resolvedMode = authObj ? (str(authObj.mode) ?? (hasPassword ? 'password' : 'token')) : typeof auth === 'string' ? 'invalid' : 'token';
  d.authMode = resolvedMode;
  // hasAmbiguousGatewayAuthModeConfig (2026.3.7+): both configured in the file itself, env not counted.
  if (authObj && !str(authObj.mode)?.trim() && configuredSecret(cfgToken) && configuredSecret(cfgPassword)) d.authModeAmbiguous = true;
  // 2026.2.26–5.28 refuse to start when enabled hooks reuse the gateway token (assertHooksTokenSeparateFromGatewayAuth).
  const hooks = isObj(value.hooks) ? value.hooks : undefined;
  const hooksToken = hooks?.enabled === true ? nonEmptyStr(hooks.token)?.trim() : undefined;
  const gatewayToken = resolvedMode === 'token' ? (nonEmptyStr(cfgToken)?.trim() ?? envToken?.trim()) : undefined;
  if (hooksToken && gatewayToken && hooksToken === gatewayToken) d.hooksTokenEqualsGatewayToken = true;
  if (d.authStringNone === true || d.authTypeNone === true) {
    d.authNoneShape = true;
    const rest: Obj = authObj ? { ...authObj } : {};
    delete rest.type;
    d.authNoneFixed = { ...rest, mode: 'none' };
  }

  // Weak / placeholder token (config or env).
  const tokenForStrength = nonEmptyStr(cfgToken) ?? (typeof auth === 'string' && d.authStringToken ? auth : undefined) ?? envToken;
  if (tokenForStrength && !ENV_REF_ONLY_RE.test(tokenForStrength.trim())) {
    const s = tokenStrength(tokenForStrength);
    d.tokenLength = s.length;
    if (s.weak) {
      d.tokenWeak = true;
      d.tokenWeakReason = s.reason;
      d.tokenWeakSource = nonEmptyStr(cfgToken) ? 'gateway.auth.token' : typeof auth === 'string' ? 'gateway.auth' : 'OPENCLAW_GATEWAY_TOKEN';
    }
  }
  if (nonEmptyStr(cfgToken)) {
    const at = locator(ctx, '/gateway/auth/token');
    if (at) d.authTokenAt = at;
  }
  if (gw.token !== undefined) legacyToken(gw, auth, ctx, d);

  if (authObj?.mode === 'trusted-proxy') {
    if (nonEmptyStr(cfgToken) || tokenIsRef) d.trustedProxyWithToken = 'config';
    else if (envToken) d.trustedProxyWithToken = 'env';
    const tp = isObj(authObj.trustedProxy) ? authObj.trustedProxy : undefined;
    if (!tp) d.trustedProxyConfigMissing = true;
    else if (!nonEmptyStr(tp.userHeader)) d.trustedProxyUserHeaderMissing = true;
  }

  return { facts: d as AuthFacts, ...(secret ? { secret } : {}) };
}
