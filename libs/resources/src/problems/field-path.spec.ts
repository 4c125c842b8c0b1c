import { formatPath, parseFieldPath } from './field-path';

describe('field paths', () => {
  it('reads back what formatPath writes, odd keys and indexes included', () => {
    for (const segments of [['spec', 'template', 'spec', 'namespaces', 0], ['spec', 'selectors', 'app.kubernetes.io/name'], ['rules', 2, 'actions', 0, 'value'], ['metadata', 'annotations', 'a "quoted" [key]']]) {
      expect(parseFieldPath(formatPath(segments))).toEqual(segments);
    }
  });
});
