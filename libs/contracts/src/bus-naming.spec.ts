import { busNaming, siteLinkTransforms } from './bus-naming';

describe('bus naming', () => {
  const naming = busNaming('tandem_dr');

  it('names local, imported and dead-letter subjects after the prefix', () => {
    expect(naming.subjectOf('event', 'agent', 'selftest-step-succeeded', 1)).toBe('tandem_dr.evt.agent.selftest-step-succeeded.v1');
    expect(naming.importedEventSubject('tandem_dr.evt.agent.selftest-step-succeeded.v1')).toBe('tandem_dr.xevt.agent.selftest-step-succeeded.v1');
    expect([naming.allCommands(), naming.allEvents(), naming.allImportedEvents(), naming.allDeadLetters()]).toEqual([
      'tandem_dr.cmd.>',
      'tandem_dr.evt.>',
      'tandem_dr.xevt.>',
      'tandem_dr.dlq.>',
    ]);
    expect(naming.streams).toEqual({ commands: 'TANDEM_DR_COMMANDS', events: 'TANDEM_DR_EVENTS', deadLetters: 'TANDEM_DR_DLQ' });
  });

  it('imports only event subjects of its own prefix', () => {
    expect(() => naming.importedEventSubject('tandem.evt.agent.x.v1')).toThrow('"tandem.evt.agent.x.v1" is not an event subject of prefix tandem_dr');
    expect(() => naming.importedEventSubject('tandem_dr.cmd.agent.x.v1')).toThrow('is not an event subject');
  });

  it('takes from a peer its commands scoped to the local domain and its own events, renamed to the local prefix', () => {
    expect(siteLinkTransforms(naming, 'dr-site', { domain: 'primary', prefix: 'tandem' })).toEqual({
      commands: { src: 'tandem.cmd.*.dr-site.>', dest: 'tandem_dr.cmd.{{wildcard(1)}}.dr-site.>' },
      events: { src: 'tandem.evt.>', dest: 'tandem_dr.xevt.>' },
    });
  });

  it('refuses a peer that is the local site or has a bad name', () => {
    expect(() => siteLinkTransforms(naming, 'dr-site', { domain: 'dr-site', prefix: 'tandem' })).toThrow('a site cannot be its own peer');
    expect(() => siteLinkTransforms(naming, 'dr-site', { domain: 'primary', prefix: 'Tandem.X' })).toThrow('peer bus prefix "Tandem.X" must be lowercase');
    expect(() => siteLinkTransforms(naming, 'DR', { domain: 'primary', prefix: 'tandem' })).toThrow('local domain "DR" must be lowercase');
  });
});
