// A long-lived worker around xmllint-wasm's Emscripten module. The package's
// own validateXML() starts a worker and compiles the 780 kB wasm for every
// call (~0.45 s); here the compiled module is kept and each run only
// instantiates it with fresh memory (~0.1 s with the GP schemas).
// Plain CommonJS because worker threads do not go through the TS loader.
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.dirname(require.resolve('xmllint-wasm'));
const createModule = require(path.join(packageDir, 'xmllint-node.js'));
const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(packageDir, 'xmllint.wasm')));
const WASM_PAGE_LIMIT = 16384; // 1 GiB

parentPort.on('message', (message) => {
  if (message?.kind !== 'gprelay-xmllint-run') return;
  let stdout = '';
  let stderr = '';
  const reply = (exitCode, extra) =>
    parentPort.postMessage({
      kind: 'gprelay-xmllint-done',
      id: message.id,
      exitCode,
      stdout,
      stderr: stderr + (extra ?? ''),
    });
  createModule({
    inputFiles: message.inputFiles,
    arguments: message.args,
    print(text) {
      stdout += `${text}\n`;
    },
    printErr(text) {
      stderr += `${text}\n`;
    },
    onExit: (exitCode) => reply(exitCode),
    onAbort: (reason) => reply(-1, `wasm abort: ${reason}`),
    wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: WASM_PAGE_LIMIT }),
    instantiateWasm(imports, done) {
      WebAssembly.instantiate(wasmModule, imports).then(
        (instance) => done(instance, wasmModule),
        (error) => reply(-1, `wasm instantiation failed: ${error}`),
      );
      return {};
    },
  });
});

parentPort.postMessage({ kind: 'gprelay-xmllint-ready' });
