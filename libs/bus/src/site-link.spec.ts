import { busNaming } from '@tandem/contracts';
import { peerSources } from './site-link';

describe('peerSources', () => {
  const local = busNaming('tandem_dr');

  it('sources each peer\'s commands and events through the peer\'s JetStream domain', () => {
    expect(peerSources(local, 'dr-site', [{ domain: 'primary', prefix: 'tandem' }])).toEqual({
      commands: [
        {
          name: 'TANDEM_COMMANDS',
          external: { api: '$JS.primary.API' },
          subject_transforms: [{ src: 'tandem.cmd.*.dr-site.>', dest: 'tandem_dr.cmd.{{wildcard(1)}}.dr-site.>' }],
        },
      ],
      events: [
        { name: 'TANDEM_EVENTS', external: { api: '$JS.primary.API' }, subject_transforms: [{ src: 'tandem.evt.>', dest: 'tandem_dr.xevt.>' }] },
      ],
    });
  });

  it('has nothing to source without peers', () => {
    expect(peerSources(local, undefined, [])).toEqual({ commands: [], events: [] });
  });

  it('says what is missing or repeated', () => {
    expect(() => peerSources(local, undefined, [{ domain: 'primary', prefix: 'tandem' }])).toThrow('the bus has peers but no domain of its own');
    expect(() =>
      peerSources(local, 'dr-site', [
        { domain: 'primary', prefix: 'tandem' },
        { domain: 'primary', prefix: 'tandem2' },
      ]),
    ).toThrow('peer domain "primary" is listed twice');
  });
});
