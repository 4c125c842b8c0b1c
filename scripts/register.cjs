// Runs Tandem's TypeScript sources directly: swc transpiles each .ts file as it is required (decorator
// metadata included, which Nest's dependency injection needs) and `@tandem/<lib>` resolves to
// libs/<lib>/src/index.ts, as in tsconfig.base.json. Lean on purpose: no TypeScript compiler is loaded, so
// every process and worker thread stays small and starts fast. Type checking is `tsc`'s job.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '..');
const { $schema: _schema, ...swcOptions } = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
const LIB = /^@tandem\/([a-z0-9-]+)$/;

if (!globalThis.__tandemRegistered) {
  globalThis.__tandemRegistered = true;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    const lib = LIB.exec(request);
    return resolve.call(this, lib ? join(root, 'libs', lib[1], 'src', 'index.ts') : request, parent, ...rest);
  };
  addHook(
    (code, filename) =>
      transformSync(code, { ...swcOptions, swcrc: false, filename, sourceMaps: 'inline', sourceFileName: filename }).code,
    { exts: ['.ts'], ignoreNodeModules: true },
  );
  process.setSourceMapsEnabled?.(true);
}
