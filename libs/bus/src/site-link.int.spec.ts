import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { busNaming, BusNaming, CloudEvent, encodeCloudEvent, RunSelfTestStep, SelfTestStepSucceeded } from '@tandem/contracts';
import { createLogger } from '@tandem/observability';
import { type LinkProxy, NatsServerHandle, startLinkProxy, startNatsServer, uniqueName, waitFor } from '@tandem/testing';
import { BusConnection } from './bus.connection';
import { JetStreamContext } from './jetstream.context';
import { JetStreamServer } from './jetstream.server';

const logger = createLogger('site-link-test', { level: 'error' });

interface Site {
  domain: 'primary' | 'dr-site';
  nats: NatsServerHandle;
  naming: BusNaming;
  bus: BusConnection;
  transport: JetStreamServer;
  /** Every handler call on this site: the CloudEvent id, the subject it came on, and whether it was imported. */
  handled: { id: string; subject: string; imported: boolean }[];
  /** Calls of a handler of the same event that did not ask for linked sites' events. */
  handledLocalOnly: string[];
  localOnly: JetStreamServer;
}

/**
 * Two sites, each its own nats-server (JetStream domains `primary` and `dr-site`) and bus prefix; the DR server
 * dials the primary's leaf-node port through a proxy the test can cut.
 */
describe('linked sites: leaf node, JetStream domains and stream sourcing (real nats-servers)', () => {
  let primary: Site;
  let dr: Site;
  let proxy: LinkProxy;

  const openSite = async (domain: Site['domain'], nats: NatsServerHandle, naming: BusNaming, peer: Site['naming'], peerDomain: string): Promise<Site> => {
    const bus = await BusConnection.open({
      servers: nats.url,
      name: `site-link-${domain}`,
      naming,
      domain,
      peers: [{ domain: peerDomain, prefix: peer.prefix }],
      publishTimeoutMs: 2_000,
    });
    const handled: Site['handled'] = [];
    // One service per site serving its own domain: the agent's scoped command and an event it listens to.
    const transport = new JetStreamServer({ bus, consumer: 'agent', source: `tandem/${domain}/agent`, scope: domain, logger });
    const record = async (_data: unknown, ctx: JetStreamContext): Promise<void> => {
      handled.push({ id: ctx.event.id, subject: ctx.subject, imported: ctx.imported });
    };
    transport.addHandler(RunSelfTestStep.type, record, false);
    transport.addHandler(SelfTestStepSucceeded.type, record, true, { fromLinkedSites: true });
    await transport.start();
    // Another service handling the same event without asking for the linked site's: it sees its own site's only.
    const handledLocalOnly: string[] = [];
    const localOnly = new JetStreamServer({ bus, consumer: 'local-only', source: `tandem/${domain}/local-only`, logger });
    localOnly.addHandler(SelfTestStepSucceeded.type, async (_data: unknown, ctx: JetStreamContext) => void handledLocalOnly.push(ctx.event.id), true);
    await localOnly.start();
    return { domain, nats, naming, bus, transport, handled, handledLocalOnly, localOnly };
  };

  const leafCount = async (nats: NatsServerHandle): Promise<number> =>
    ((await (await fetch(`${nats.monitorUrl}/leafz`)).json()) as { leafnodes: number }).leafnodes;

  /** The peer's JetStream answers through the link (the API of its domain is reachable from this side). */
  const peerApiAnswers = async (from: NatsServerHandle, peerDomain: string): Promise<boolean> => {
    const nc = await connect({ servers: from.url, reconnect: false });
    try {
      const jsm = await jetstreamManager(nc, { domain: peerDomain, timeout: 1_000 });
      await jsm.getAccountInfo();
      return true;
    } finally {
      await nc.close();
    }
  };

  const linkUp = async (): Promise<void> => {
    await waitFor(async () => (await leafCount(primary.nats)) === 1, { timeoutMs: 20_000, what: 'the leaf-node link to be up' });
    await waitFor(() => peerApiAnswers(primary.nats, 'dr-site'), { timeoutMs: 20_000, what: 'the dr-site JetStream API from primary' });
    await waitFor(() => peerApiAnswers(dr.nats, 'primary'), { timeoutMs: 20_000, what: 'the primary JetStream API from dr-site' });
  };

  /** The subjects under which a site's stream holds the message with this CloudEvent id. */
  const storedAs = async (site: Site, stream: string, id: string): Promise<string[]> => {
    const info = await site.bus.jsm.streams.info(stream);
    const subjects: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await site.bus.jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      if (m && (m.json() as CloudEvent).id === id) subjects.push(m.subject);
    }
    return subjects;
  };

  const handledIds = (site: Site, id: string) => site.handled.filter((h) => h.id === id);

  const envelope = (type: string, data: unknown, source: string): CloudEvent<unknown> => ({
    specversion: '1.0',
    id: uniqueName('msg'),
    source,
    type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data,
  });
  const sagaRef = () => ({ sagaId: randomUUID(), step: 'report', attempt: 1, action: 'do' as const });

  /** Publishes a self-test command from `from` to the agents of `scope`; returns its id. */
  const sendCommand = async (from: Site, scope: string): Promise<string> => {
    const e = envelope(RunSelfTestStep.type, { sagaRef: sagaRef(), step: 'report', probe: 'p' }, `tandem/${from.domain}/replication`);
    await from.bus.publish(RunSelfTestStep.subject(from.naming, scope), encodeCloudEvent(e), { msgID: e.id });
    return e.id;
  };
  /**
   * Emits a self-test event on `on` with `Nats-Msg-Id` = its id (as the outbox relay does), or — `withMsgId:
   * false` — without one, so that no de-duplication window can hide a copy; returns its id.
   */
  const emitEvent = async (on: Site, opts: { id?: string; withMsgId?: boolean } = {}): Promise<string> => {
    const e = { ...envelope(SelfTestStepSucceeded.type, { sagaRef: sagaRef() }, `tandem/${on.domain}/agent`), ...(opts.id ? { id: opts.id } : {}) };
    const ack = await on.bus.publish(SelfTestStepSucceeded.subject(on.naming), encodeCloudEvent(e), opts.withMsgId === false ? {} : { msgID: e.id });
    expect(ack.duplicate).toBe(opts.id !== undefined);
    return e.id;
  };

  /**
   * Waits until a fresh event of each site has been imported by the other: sourcing keeps a stream's order,
   * so whatever was sourced before the marker (a loop, a duplicate) is there by then.
   */
  const settle = async (): Promise<void> => {
    for (const [from, to] of [
      [primary, dr],
      [dr, primary],
    ] as const) {
      const marker = await emitEvent(from);
      await waitFor(async () => (await storedAs(to, to.naming.streams.events, marker)).length === 1, { timeoutMs: 30_000, what: `a marker from ${from.domain} to reach ${to.domain}` });
      await waitFor(() => handledIds(to, marker).length === 1, { timeoutMs: 10_000, what: `the marker handled on ${to.domain}` });
    }
  };

  beforeAll(async () => {
    const primaryNaming = busNaming(uniqueName('pri'));
    const drNaming = busNaming(uniqueName('dr'));
    // The primary links its streams to a peer that does not exist yet: sourcing starts once the DR site is up.
    const primaryNats = await startNatsServer({ name: uniqueName('primary'), jetstreamDomain: 'primary', leafListenPort: 0 });
    primary = await openSite('primary', primaryNats, primaryNaming, drNaming, 'dr-site');
    proxy = await startLinkProxy(Number(new URL(primaryNats.leafUrl!.replace('nats-leaf:', 'http:')).port));
    const drNats = await startNatsServer({ name: uniqueName('dr'), jetstreamDomain: 'dr-site', leafRemotes: [`nats-leaf://127.0.0.1:${proxy.port}`] });
    dr = await openSite('dr-site', drNats, drNaming, primaryNaming, 'primary');
    await linkUp();
  }, 60_000);

  afterAll(async () => {
    for (const site of [primary, dr]) {
      await site?.transport.close();
      await site?.localOnly.close();
      await site?.bus.drain();
    }
    await dr?.nats.destroy();
    await proxy?.close();
    await primary?.nats.destroy();
  });

  it('delivers a command scoped to the other domain to that domain\'s handler only, under the local prefix', async () => {
    const toDr = await sendCommand(primary, 'dr-site');
    const toPrimary = await sendCommand(dr, 'primary');
    await waitFor(() => handledIds(dr, toDr).length === 1, { timeoutMs: 30_000, what: 'the dr-site agent to get the command sent from primary' });
    await waitFor(() => handledIds(primary, toPrimary).length === 1, { timeoutMs: 30_000, what: 'the primary agent to get the command sent from dr-site' });
    // A command scoped to the sender's own domain stays there.
    const local = await sendCommand(primary, 'primary');
    await waitFor(() => handledIds(primary, local).length === 1, { timeoutMs: 10_000, what: 'the local command handled on primary' });
    await settle();

    expect(handledIds(dr, toDr)).toEqual([{ id: toDr, subject: `${dr.naming.prefix}.cmd.agent.dr-site.run-selftest-step.v1`, imported: false }]);
    expect(handledIds(primary, toDr)).toEqual([]);
    expect(handledIds(dr, toPrimary)).toEqual([]);
    expect(handledIds(dr, local)).toEqual([]);
    expect(await storedAs(dr, dr.naming.streams.commands, toDr)).toEqual([`${dr.naming.prefix}.cmd.agent.dr-site.run-selftest-step.v1`]);
    expect(await storedAs(dr, dr.naming.streams.commands, local)).toEqual([]);
    expect(await storedAs(primary, primary.naming.streams.commands, toPrimary)).toEqual([
      `${primary.naming.prefix}.cmd.agent.primary.run-selftest-step.v1`,
    ]);
  });

  it.each([
    ['with a message id', true],
    ['without a message id (no de-duplication to hide a loop)', false],
  ])('hands an event of one site to the handlers of both, once each, and never imports it back (%s)', async (_, withMsgId) => {
    const id = await emitEvent(dr, { withMsgId });
    await waitFor(() => handledIds(primary, id).length === 1, { timeoutMs: 30_000, what: 'primary to handle the dr-site event' });
    await waitFor(() => handledIds(dr, id).length === 1, { timeoutMs: 10_000, what: 'dr-site to handle its own event' });
    await settle();

    expect(handledIds(dr, id)).toEqual([{ id, subject: SelfTestStepSucceeded.subject(dr.naming), imported: false }]);
    expect(handledIds(primary, id)).toEqual([{ id, subject: primary.naming.importedEventSubject(SelfTestStepSucceeded.subject(primary.naming)), imported: true }]);
    // A handler that did not ask for the linked site's events sees only its own site's.
    expect(dr.handledLocalOnly.filter((h) => h === id)).toEqual([id]);
    expect(primary.handledLocalOnly.filter((h) => h === id)).toEqual([]);
    // One copy on each side: the original on dr-site, the import on primary, nothing sourced back.
    expect(await storedAs(dr, dr.naming.streams.events, id)).toEqual([SelfTestStepSucceeded.subject(dr.naming)]);
    expect(await storedAs(primary, primary.naming.streams.events, id)).toEqual([`${primary.naming.prefix}.xevt.agent.selftest-step-succeeded.v1`]);
  });

  it('keeps the message id across the link, so de-duplication holds on the importing side', async () => {
    const id = await emitEvent(dr);
    await waitFor(async () => (await storedAs(primary, primary.naming.streams.events, id)).length === 1, { timeoutMs: 30_000, what: 'the event imported on primary' });
    const imported = await primary.bus.jsm.streams.getMessage(primary.naming.streams.events, { last_by_subj: primary.naming.importedEventSubject(SelfTestStepSucceeded.subject(primary.naming)) });
    expect(imported!.header.get('Nats-Msg-Id')).toBe(id);
    // The same message published again on dr-site is a duplicate there; arriving on primary again, it is one there.
    await emitEvent(dr, { id });
    const again = await primary.bus.publish(primary.naming.importedEventSubject(SelfTestStepSucceeded.subject(primary.naming)), imported!.data, { msgID: id });
    expect(again.duplicate).toBe(true);
    await settle();
    expect(handledIds(primary, id)).toHaveLength(1);
    expect(await storedAs(primary, primary.naming.streams.events, id)).toHaveLength(1);
  });

  it('buffers what both sites publish while the link is cut and delivers it, once, when it is back', async () => {
    await proxy.cut();
    await waitFor(async () => (await leafCount(primary.nats)) === 0, { timeoutMs: 20_000, what: 'primary to see the leaf-node link gone' });
    await waitFor(async () => (await leafCount(dr.nats)) === 0, { timeoutMs: 20_000, what: 'dr-site to see the leaf-node link gone' });

    const drEvents = [await emitEvent(dr), await emitEvent(dr), await emitEvent(dr)];
    const primaryEvents = [await emitEvent(primary), await emitEvent(primary)];
    const commands = [await sendCommand(primary, 'dr-site'), await sendCommand(primary, 'dr-site')];
    const drCommand = await sendCommand(dr, 'primary');
    // Each side goes on working on its own: its local handlers get its local messages.
    await waitFor(() => drEvents.every((id) => handledIds(dr, id).length === 1), { timeoutMs: 10_000, what: 'dr-site to handle its own events while cut off' });
    await waitFor(() => primaryEvents.every((id) => handledIds(primary, id).length === 1), { timeoutMs: 10_000, what: 'primary to handle its own events while cut off' });
    expect(await storedAs(primary, primary.naming.streams.events, drEvents[0]!)).toEqual([]);
    expect(await storedAs(dr, dr.naming.streams.commands, commands[0]!)).toEqual([]);

    await proxy.restore();
    await linkUp();
    await waitFor(() => drEvents.every((id) => handledIds(primary, id).length === 1), { timeoutMs: 90_000, what: 'primary to get the dr-site events sent while cut' });
    await waitFor(() => primaryEvents.every((id) => handledIds(dr, id).length === 1), { timeoutMs: 90_000, what: 'dr-site to get the primary events sent while cut' });
    await waitFor(() => commands.every((id) => handledIds(dr, id).length === 1), { timeoutMs: 90_000, what: 'dr-site to get the commands sent while cut' });
    await waitFor(() => handledIds(primary, drCommand).length === 1, { timeoutMs: 90_000, what: 'primary to get the command sent while cut' });
    await settle();

    for (const id of [...drEvents, ...primaryEvents]) {
      expect(handledIds(primary, id)).toHaveLength(1);
      expect(handledIds(dr, id)).toHaveLength(1);
    }
    for (const id of commands) {
      expect(handledIds(dr, id)).toHaveLength(1);
      expect(handledIds(primary, id)).toHaveLength(0);
    }
    expect(handledIds(primary, drCommand)).toHaveLength(1);
    for (const id of drEvents) expect(await storedAs(primary, primary.naming.streams.events, id)).toHaveLength(1);
    for (const id of primaryEvents) expect(await storedAs(dr, dr.naming.streams.events, id)).toHaveLength(1);
  }, 180_000);
});
