// Memory bounds of the probe: whatever a gateway (or something pretending to be one) sends.
export const MAX_FRAME_BYTES = 1024 * 1024;
export const MAX_STREAM_BYTES = 4 * 1024 * 1024;
export const MAX_FRAMES = 200;
export const MAX_HTTP_BODY = 4096;
export const PROBE_VERSION = '0.1.0';
