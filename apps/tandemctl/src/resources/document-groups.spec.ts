import { ARTICLE_MIGRATION_SCHEDULE, ARTICLE_RULE, ARTICLE_SCHEDULE_POLICY, parseResourceDocuments } from '@tandem/resources';
import { keepDocuments, numberResources, renumberProblems } from './document-groups';

const TEXT = `# protect appns\n---\n${ARTICLE_RULE}---\n\n---\n${ARTICLE_SCHEDULE_POLICY}---\n${ARTICLE_MIGRATION_SCHEDULE}`;
const lineOf = (text: string, line: string): number => text.split('\n').indexOf(line) + 1;

describe('one file, several services', () => {
  it('numbers each resource with its document, empty documents counted', () => {
    const numbered = numberResources(TEXT, parseResourceDocuments(TEXT).resources);
    expect(numbered.map((n) => [n.document, n.resource.kind])).toEqual([
      [1, 'Rule'],
      [3, 'SchedulePolicy'],
      [4, 'MigrationSchedule'],
    ]);
  });

  it("keeps only the documents asked for, every other line blank, so lines and columns stay the file's", () => {
    const kept = keepDocuments(TEXT, new Set([3, 4]));
    expect(parseResourceDocuments(kept).resources.map((r) => r.kind)).toEqual(['SchedulePolicy', 'MigrationSchedule']);
    expect(kept.split('\n')).toHaveLength(TEXT.split('\n').length);
    expect(lineOf(kept, '    time: "10:14PM"')).toBe(lineOf(TEXT, '    time: "10:14PM"'));
    expect(kept).not.toContain('nodetool');
    expect(keepDocuments(TEXT, new Set([1]))).not.toContain('SchedulePolicy');
  });

  it("numbers a service's problems by the file's documents, from their line", () => {
    const line = lineOf(TEXT, '    time: "10:14PM"');
    const scheduleLine = lineOf(TEXT, 'kind: MigrationSchedule');
    expect(
      renumberProblems(TEXT, [
        { document: 1, path: 'policy.daily.time', line, column: 11, message: 'm', fix: 'f' },
        { document: 2, path: 'kind', line: scheduleLine, column: 1, message: 'm', fix: 'f' },
        { document: 7, path: '', message: 'no line', fix: 'f' },
      ]).map((p) => p.document),
    ).toEqual([3, 4, 7]);
  });
});
