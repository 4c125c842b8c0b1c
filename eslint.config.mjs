// Tandem's lint: the architecture rules of docs (layers by Nx tag, imports only through a lib's index, no cycles,
// no console in services) fail the build. Not type-aware, to stay fast; `tsc` does the type checking.
import { join } from 'node:path';
import js from '@eslint/js';
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries reads the cached project graph and silently skips its checks when there is none,
// so build it here, in process (no Nx daemon, no network): a plain `npx eslint` checks the boundaries too.
try {
  await createProjectGraphAsync({ exitOnError: false });
} catch (error) {
  throw new Error(`eslint.config.mjs: cannot build the Nx project graph, so module boundaries cannot be checked. ` +
    `Fix the project.json or nx.json named below, then lint again.\n${error instanceof Error ? error.stack : error}`);
}

/** Packages that must stay out of pure code (domain logic and the message contracts). */
const INFRASTRUCTURE_PACKAGES = ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'pg/*', '@nats-io/*'];

const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: INFRASTRUCTURE_PACKAGES },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'], bannedExternalImports: INFRASTRUCTURE_PACKAGES },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:infra'], notDependOnLibsWithTags: ['type:app'] },
];

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
/** `_name` marks a deliberately unused binding, e.g. `const { $schema: _schema, ...rest } = options`. */
const UNUSED = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true };

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '.nx/**', 'tmp/**', '.lab/**', 'bench/results/**', 'tools/**'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { 'no-unused-vars': ['error', UNUSED] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
    rules: { 'no-unused-vars': ['error', UNUSED] },
  },
  {
    files: TS_FILES,
    extends: [...tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', UNUSED],
    },
  },
  {
    files: TS_FILES,
    plugins: { '@nx': nx, 'import-x': importX },
    settings: {
      // Files import-x parses to follow imports (no-cycle); without this it skips .ts files and finds no cycle.
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.node'],
          tsconfig: { configFile: join(workspaceRoot, 'tsconfig.base.json') },
        }),
      ],
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@tandem/[^/]+/.+',
              message: 'Import a Tandem library only through its index (`@tandem/<lib>`); export what you need from its src/index.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services log with the JSON logger of @tandem/observability; tests, scripts and benchmarks may print.
    files: ['apps/**/src/**/*.ts', 'libs/**/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-console': 'error' },
  },
);
