import { expand, upperSnake } from './env-expansion';

describe('$(VAR) expansion', () => {
  const vars = new Map([
    ['POD_NAME', 'web-0'],
    ['VOLUME_DATA', '/site/volumes/pvc-1'],
  ]);

  it('replaces defined variables and leaves the others as they are, like Kubernetes', () => {
    expect(expand('$(VOLUME_DATA)/pgdata', vars)).toBe('/site/volumes/pvc-1/pgdata');
    expect(expand('hi $(POD_NAME), $(UNKNOWN) stays', vars)).toBe('hi web-0, $(UNKNOWN) stays');
    expect(expand('$$(POD_NAME) is escaped, $HOME is not ours, $(unclosed', vars)).toBe('$(POD_NAME) is escaped, $HOME is not ours, $(unclosed');
    expect(expand('ends with $', vars)).toBe('ends with $');
  });

  it('names volume variables in upper snake case', () => {
    expect(upperSnake('pg-data')).toBe('PG_DATA');
    expect(upperSnake('data')).toBe('DATA');
  });
});
