/** Wire protocol version spoken by this build. Bumped only for incompatible changes. */
export const PROTOCOL_VERSION = 1;

/** Largest frame either side sends or accepts, in bytes of UTF-8 JSON. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/** Subprotocol offered on the WebSocket upgrade, so a mismatched peer fails fast. */
export const WS_SUBPROTOCOL = 'gprelay.v1';
