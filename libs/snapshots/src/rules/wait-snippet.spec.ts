import { holdFiles, placeholderCount, substituteWait, waitSnippet } from './wait-snippet';

describe('the ${WAIT_CMD} snippet', () => {
  const files = holdFiles('mig-1', 2, 0);

  it('names its files per run, per action and per pod ($HOSTNAME, expanded in the pod)', () => {
    expect(files).toEqual({ held: '/tmp/tandem-rule-mig-1-2.0-$HOSTNAME.held', release: '/tmp/tandem-rule-mig-1-2.0-$HOSTNAME.release' });
  });

  it('is one line without quotes, backslashes or variables other than $HOSTNAME, so any quoting around it keeps it whole', () => {
    const snippet = waitSnippet(files, 5 * 60_000);
    expect(snippet).not.toMatch(/["'`\\\n]/);
    expect(snippet.replace(/\$HOSTNAME/g, '')).not.toContain('$');
  });

  it('creates the held file, polls for the release file, and removes both at the end', () => {
    const snippet = waitSnippet(files, 3_000);
    expect(snippet.startsWith(`touch ${files.held} && {`)).toBe(true);
    expect(snippet).toContain(`test -e ${files.release} && break 2; sleep 0.2 2>/dev/null || { sleep 1; break; }`);
    expect(snippet.endsWith(`rm -f ${files.held} ${files.release}`)).toBe(true);
  });

  it('waits at most the timeout, in whole seconds rounded up: one loop word per second, minutes nested', () => {
    const loopWords = (snippet: string): string[] => [...snippet.matchAll(/for (tandem_[ms]) in ((?:1 ?)+);/g)].map(([, name, list]) => `${name}×${list.trim().split(' ').length}`);
    expect(loopWords(waitSnippet(files, 500))).toEqual(['tandem_s×1']);
    expect(loopWords(waitSnippet(files, 45_000))).toEqual(['tandem_s×45']);
    expect(loopWords(waitSnippet(files, 60_000))).toEqual(['tandem_m×1', 'tandem_s×60']);
    expect(loopWords(waitSnippet(files, 150_001))).toEqual(['tandem_m×2', 'tandem_s×60', 'tandem_s×31']);
    expect(waitSnippet(files, 150_001)).toContain('ended by itself after 151s');
  });

  it('replaces the placeholder literally, wherever it is', () => {
    expect(substituteWait("mysql -e 'FLUSH TABLES WITH READ LOCK; SYSTEM ${WAIT_CMD};'", 'wait $& here')).toBe("mysql -e 'FLUSH TABLES WITH READ LOCK; SYSTEM wait $& here;'");
    expect(placeholderCount('a ${WAIT_CMD} b ${WAIT_CMD}')).toBe(2);
    expect(placeholderCount('$WAIT_CMD')).toBe(0);
  });
});
