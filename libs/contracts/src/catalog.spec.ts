import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { busNaming } from './bus-naming';
import { CATALOG } from './catalog';
import { SAGA_PHASES } from './saga.messages';

describe('the message catalog', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');

  it('documents every message type and every saga phase', () => {
    const undocumented = CATALOG.all().filter((d) => !doc.includes(`| \`${d.type}\` | ${d.kind} |`));
    expect(undocumented.map((d) => d.type)).toEqual([]);
    for (const phase of SAGA_PHASES) expect(doc).toContain(`| \`${phase}\` |`);
  });

  it('names subjects and streams after the prefix', () => {
    const naming = busNaming('tandem');
    const cmd = CATALOG.get('tandem.agent.run-selftest-step.v1')!;
    expect(cmd.subject(naming, 'dr-site')).toBe('tandem.cmd.agent.dr-site.run-selftest-step.v1');
    expect(() => cmd.subject(naming)).toThrow('tandem.agent.run-selftest-step.v1 is routed to one cluster domain: give its scope');
    expect(CATALOG.get('tandem.coordinator.start-saga.v1')!.subject(naming)).toBe('tandem.cmd.coordinator.start-saga.v1');
    expect(naming.streams).toEqual({ commands: 'TANDEM_COMMANDS', events: 'TANDEM_EVENTS', deadLetters: 'TANDEM_DLQ' });
    expect(() => busNaming('Bad Prefix')).toThrow('bus prefix "Bad Prefix" must be lowercase');
  });
});
