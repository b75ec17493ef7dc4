// undici and ws are loaded on the first probe only: a bundled static import would cost every
// run (even --no-probe) ~150 ms of start-up.
type Undici = typeof import('undici');
type WsCtor = typeof import('ws').default;
let undici: Undici | undefined;
let WsClient: WsCtor | undefined;

export async function loadNetDeps(): Promise<{ undici: Undici; WsClient: WsCtor }> {
  undici ??= await import('undici');
  WsClient ??= (await import('ws')).default;
  return { undici, WsClient };
}

/** The libraries loadNetDeps() loaded; calling it before then is a bug. */
export function netDeps(): { undici: Undici; WsClient: WsCtor } {
  if (!undici || !WsClient) throw new Error('probe network libraries used before loadNetDeps()');
  return { undici, WsClient };
}
