// Jest runs CommonJS here (Node 20 has no require(esm) inside Jest's module system), and NestJS 12 ships as
// ES modules. This transformer compiles Tandem's TypeScript and those ES modules to CommonJS with swc; in ESM
// files `import.meta.url` is first rewritten to the CommonJS file URL, the only import.meta they use.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createTransformer } = require('@swc/jest');

const { $schema: _schema, ...swcOptions } = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '.swcrc'), 'utf8'));
const ts = createTransformer({ ...swcOptions, swcrc: false });
const js = createTransformer({
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
});

const IMPORT_META_URL = /\bimport\.meta\.url\b/g;
// Not via require(): ESM files may declare their own `const require = createRequire(import.meta.url)`.
const CJS_URL = '("file://" + __filename)';

module.exports = {
  process(source, path, options) {
    if (path.endsWith('.ts')) return ts.process(source, path, options);
    return js.process(source.replace(IMPORT_META_URL, CJS_URL), path, options);
  },
  getCacheKey(source, path, options) {
    return (path.endsWith('.ts') ? ts : js).getCacheKey(source, path, options) + (path.endsWith('.ts') ? '' : ':esm3');
  },
};
