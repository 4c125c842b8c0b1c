// Proves that the architecture rules of eslint.config.mjs fail the build. ESLint runs in a child process: its
// config is an ES module with top-level await, which Jest's CommonJS sandbox cannot import.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../..');

interface LintCase {
  filePath: string;
  code: string;
}
interface LintMessage {
  ruleId: string | null;
  severity: number;
  message: string;
}

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd() });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map(({ ruleId, severity, message }) => ({ ruleId, severity, message })));
}
process.stdout.write(JSON.stringify(results));
`;

/** Lints each case with the repository's ESLint config, as if the code were in that file. */
function lint(cases: LintCase[]): LintMessage[][] {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', LINT_SCRIPT, JSON.stringify(cases)], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0) throw new Error(`ESLint failed to run (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}

const errorsOf = (messages: LintMessage[] | undefined) => (messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);

describe('lint rules (eslint.config.mjs)', () => {
  const cycleDir = join(repoRoot, 'libs/sagas/src', `lint-cycle-${process.pid}`);
  const cycleA = join(cycleDir, 'first.ts');
  const cycleACode = "import { second } from './second';\n\nexport const first = (): number => second() + 1;\n";
  let results: LintMessage[][];

  beforeAll(() => {
    mkdirSync(cycleDir, { recursive: true });
    writeFileSync(cycleA, cycleACode);
    writeFileSync(join(cycleDir, 'second.ts'), "import { first } from './first';\n\nexport const second = (): number => 1;\nexport const both = (): number => first();\n");
    results = lint([
      /* 0 */ { filePath: 'libs/sagas/src/protect.saga.ts', code: "import { Injectable } from '@nestjs/common';\n\nexport const x = Injectable;\n" },
      /* 1 */ {
        filePath: 'libs/sagas/src/store.ts',
        code: "import { DataSource } from 'typeorm';\nimport { Pool } from 'pg';\nimport { jetstream } from '@nats-io/jetstream';\n\nexport const x = [DataSource, Pool, jetstream];\n",
      },
      /* 2 */ { filePath: 'libs/contracts/src/envelope.ts', code: "import { connect } from '@nats-io/transport-node';\n\nexport const x = connect;\n" },
      /* 3 */ { filePath: 'apps/coordinator/src/main.ts', code: "import { x } from '../../agent/src/main';\n\nexport const y = x;\n" },
      /* 4 */ { filePath: 'libs/sagas/src/relay.ts', code: "import { x } from '@tandem/bus';\n\nexport const y = x;\n" },
      /* 5 */ { filePath: 'libs/service/src/deep.ts', code: "import { x } from '@tandem/bus/src/x';\n\nexport const y = x;\n" },
      /* 6 */ { filePath: 'libs/service/src/relative.ts', code: "import { x } from '../../bus/src/index';\n\nexport const y = x;\n" },
      /* 7 */ { filePath: relative(repoRoot, cycleA), code: cycleACode },
      /* 8 */ { filePath: 'libs/service/src/noisy.ts', code: "export const shout = (): void => console.log('hi');\n" },
      /* 9 */ { filePath: 'libs/service/src/noisy.spec.ts', code: "it('prints', () => console.log('hi'));\n" },
      /* 10 */ {
        filePath: 'libs/sagas/src/clean.ts',
        code: "import type { Result } from '@tandem/contracts';\n\nexport const done = (): Result<number> => ({ ok: true, value: 1 });\n",
      },
      /* 11 */ { filePath: 'apps/agent/src/main.ts', code: "import { createLogger } from '@tandem/observability';\n\nexport const logger = createLogger('agent');\n" },
    ]);
  }, 60_000);

  afterAll(() => rmSync(cycleDir, { recursive: true, force: true }));

  it('forbids Nest, TypeORM, pg and NATS in domain code', () => {
    expect(errorsOf(results[0])).toEqual(['@nx/enforce-module-boundaries: A project tagged with "type:domain" is not allowed to import "@nestjs/common"']);
    expect(errorsOf(results[1])).toEqual([
      '@nx/enforce-module-boundaries: A project tagged with "type:domain" is not allowed to import "typeorm"',
      '@nx/enforce-module-boundaries: A project tagged with "type:domain" is not allowed to import "pg"',
      '@nx/enforce-module-boundaries: A project tagged with "type:domain" is not allowed to import "@nats-io/jetstream"',
    ]);
  });

  it('forbids infrastructure packages in the contracts', () => {
    expect(errorsOf(results[2])).toEqual([
      '@nx/enforce-module-boundaries: A project tagged with "type:contracts" is not allowed to import "@nats-io/transport-node"',
    ]);
  });

  it('forbids an app importing another app', () => {
    expect(errorsOf(results[3])).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/)]);
  });

  it('forbids domain code depending on infrastructure libs', () => {
    expect(errorsOf(results[4])).toEqual([
      expect.stringContaining('A project tagged with "type:domain" can only depend on libs tagged with "type:contracts", "type:domain"'),
    ]);
  });

  it('forbids deep imports into a lib and relative imports across projects', () => {
    expect(errorsOf(results[5])).toEqual([expect.stringMatching(/^no-restricted-imports: .*only through its index/)]);
    expect(errorsOf(results[6])).toEqual([expect.stringMatching(/^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/)]);
  });

  it('forbids import cycles', () => {
    expect(errorsOf(results[7])).toEqual([expect.stringMatching(/^import-x\/no-cycle: Dependency cycle detected/)]);
  });

  it('forbids console in service code, not in tests', () => {
    expect(errorsOf(results[8])).toEqual(['no-console: Unexpected console statement.']);
    expect(errorsOf(results[9])).toEqual([]);
  });

  it('passes clean code', () => {
    expect(results[10]).toEqual([]);
    expect(results[11]).toEqual([]);
  });

  it('makes the eslint command fail', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules/eslint/bin/eslint.js'), '--max-warnings', '0', relative(repoRoot, cycleDir)], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('import-x/no-cycle');
  }, 60_000);
});
