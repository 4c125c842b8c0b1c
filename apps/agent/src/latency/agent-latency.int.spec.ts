import { LatencyMeasured } from '@tandem/contracts';
import { TestBus } from '@tandem/integration-testing';
import { type AgentUnderTest, type NatsServerHandle, startAgent, startNatsServer, uniqueName, waitFor } from '@tandem/testing';
import { type DelayProxy, startDelayProxy } from '../testing/delay.proxy';
import type { LatencyMeasurement } from './latency.prober';

/**
 * Two agents of two domains probe each other over core NATS. The dr-site agent reaches NATS through a proxy that
 * holds every byte 25 ms each way, so every round trip between them crosses 50 ms of added delay.
 */
describe('latency probes between two domains (real processes, a delaying link)', () => {
  const DELAY_MS = 25;
  let nats: NatsServerHandle;
  let proxy: DelayProxy;
  let primary: AgentUnderTest;
  let drSite: AgentUnderTest;
  let bus: TestBus;
  const prefix = uniqueName('lat');
  const probing = { TANDEM_AGENT_PROBE_INTERVAL_MS: '500', TANDEM_AGENT_PROBE_COUNT: '5', TANDEM_AGENT_PROBE_TIMEOUT_MS: '2000' };

  beforeAll(async () => {
    nats = await startNatsServer();
    proxy = await startDelayProxy({ targetPort: nats.port, delayMs: DELAY_MS });
    bus = await TestBus.open(nats.url, prefix, 'agent');
    [primary, drSite] = await Promise.all([
      startAgent({ natsUrl: nats.url, prefix, domain: 'primary', env: { ...probing, TANDEM_AGENT_PEER_DOMAIN: 'dr-site' } }),
      startAgent({ natsUrl: `nats://127.0.0.1:${proxy.port}`, prefix, domain: 'dr-site', env: { ...probing, TANDEM_AGENT_PEER_DOMAIN: 'primary' } }),
    ]);
  });

  afterAll(async () => {
    await primary?.destroy();
    await drSite?.destroy();
    await bus?.close();
    await proxy?.close();
    await nats?.stop();
  });

  const lastMeasured = (agent: AgentUnderTest) =>
    waitFor(
      async () => {
        const res = await agent.get<LatencyMeasurement>('/v1/agent/latency');
        return res.status === 200 && res.body.samples === 5 ? res.body : undefined;
      },
      { timeoutMs: 20_000, what: 'a full round of latency probes' },
    );

  it.each([
    ['primary', 'dr-site', () => primary],
    ['dr-site', 'primary', () => drSite],
  ])('%s measures the added round trip to %s, like ping', async (domain, peerDomain, agent) => {
    const m = await lastMeasured(agent());
    expect(m).toEqual(expect.objectContaining({ domain, peerDomain, samples: 5, lost: 0 }));
    // Each round trip crosses the proxy twice (request and answer): at least 2 × 25 ms, and not much more.
    expect(m.minMs).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(m.avgMs).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(m.avgMs).toBeLessThan(2 * DELAY_MS + 40);
    expect(m.minMs! <= m.avgMs! && m.avgMs! <= m.maxMs!).toBe(true);
    expect(m.mdevMs).toBeGreaterThanOrEqual(0);
    expect(m.mdevMs).toBeLessThanOrEqual((m.maxMs! - m.minMs!) / 2 + 0.001);
  });

  it('exposes the last round as Prometheus gauges', async () => {
    const metrics = await (await fetch(`${primary.url}/metrics`)).text();
    const avg = /tandem_agent_peer_rtt_ms\{peer_domain="dr-site",stat="avg"\} ([\d.]+)/.exec(metrics);
    expect(Number(avg?.[1])).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(metrics).toMatch(/tandem_agent_peer_probes_lost\{peer_domain="dr-site"\} 0/);
  });

  it('emits each measurement as latency-measured', async () => {
    const event = await bus.next(LatencyMeasured, (d) => d.domain === 'primary' && d.samples === 5);
    expect(event.data.peerDomain).toBe('dr-site');
    expect(event.data.avgMs).toBeGreaterThanOrEqual(2 * DELAY_MS);
  });

  it('counts probes nobody answers as lost, as ping does', async () => {
    await drSite.process.kill('SIGKILL');
    const m = await waitFor(
      async () => {
        const res = await primary.get<LatencyMeasurement>('/v1/agent/latency');
        return res.body.samples === 0 ? res.body : undefined;
      },
      { timeoutMs: 20_000, what: 'a round with no answer' },
    );
    expect(m).toEqual(expect.objectContaining({ samples: 0, lost: 5 }));
    expect(m.avgMs).toBeUndefined();
  });

  it('says why there is no measurement when no peer is configured', async () => {
    const alone = await startAgent({ natsUrl: nats.url, prefix, domain: 'third' });
    try {
      const res = await alone.get<{ error: string; message: string }>('/v1/agent/latency');
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('this agent probes no peer domain: set TANDEM_AGENT_PEER_DOMAIN to the domain to measure');
    } finally {
      await alone.destroy();
    }
  });
});
