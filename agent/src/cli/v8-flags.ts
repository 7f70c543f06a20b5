import { setFlagsFromString } from 'node:v8';

// undici parses HTTP with llhttp compiled to WebAssembly. V8 first compiles it with its baseline
// compiler (Liftoff), then recompiles it in the background with TurboFan: that second compile peaks
// at ~35 MB and leaves ~10 MB behind, a third of an idle agent's memory, for an HTTP parser that reads
// a few GP answers a minute. Set before the first connection, which is when undici compiles llhttp.
setFlagsFromString('--liftoff-only');
