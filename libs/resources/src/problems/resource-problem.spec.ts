import { InvalidInputError } from '@tandem/contracts';
import { formatProblem, ResourceProblem } from './resource-problem';
import { ResourceProblemsError } from './resource-problems.error';

const problem: ResourceProblem = {
  document: 2,
  kind: 'MigrationSchedule',
  name: 'nightly',
  path: 'spec.suspend',
  line: 9,
  column: 3,
  message: 'expected true or false, got "yes"',
  fix: 'write suspend: true or suspend: false, without quotes',
};

describe('formatProblem', () => {
  it('says which document, which resource, which field, where, what is wrong and what to do', () => {
    expect(formatProblem(problem)).toBe(
      'document 2 (MigrationSchedule "nightly"), spec.suspend (line 9, column 3): expected true or false, got "yes". Write suspend: true or suspend: false, without quotes.',
    );
  });

  it('leaves out what it does not know', () => {
    expect(formatProblem({ path: 'spec.suspend', message: 'm', fix: 'do this' })).toBe('spec.suspend: m. Do this.');
    expect(formatProblem({ kind: 'Rule', name: 'r', path: '', message: 'm', fix: 'do this?' })).toBe('Rule "r": m. Do this?');
    expect(formatProblem({ document: 3, path: '', line: 4, column: 1, message: 'the YAML is malformed: x', fix: 'fix it' })).toBe(
      'document 3 (line 4, column 1): the YAML is malformed: x. Fix it.',
    );
  });
});

describe('ResourceProblemsError', () => {
  it('is an InvalidInputError listing every problem, one per line', () => {
    const error = new ResourceProblemsError([problem, { ...problem, path: 'spec.autoSuspend' }]);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe('invalid-resource');
    expect(error.problems).toHaveLength(2);
    expect(error.message.split('\n')).toEqual([
      '2 problems in the resources:',
      `- ${formatProblem(problem)}`,
      `- ${formatProblem({ ...problem, path: 'spec.autoSuspend' })}`,
    ]);
  });
});
