// OpenClaw's gateway port when neither gateway.port nor OPENCLAW_GATEWAY_PORT says otherwise.
export const DEFAULT_GATEWAY_PORT = 18789;
