import { randomBytes } from 'node:crypto';
import { ObjectInfo, ObjectNotFoundError, ObjectStore } from './object-store.port';
import type { RetryPolicy } from './retry.policy';

/** A store under test, empty, and (for stores with a server) the server behind it. */
export interface ContractSubject {
  store: ObjectStore;
  /** Stops and restarts the server behind the store; absent for stores without one (fs). */
  server?: { stop(): Promise<void>; restart(): Promise<void> };
}

export interface ContractFactory {
  /** A new, empty store (its own bucket or prefix), retrying as `retry` says when given. */
  create(options?: { retry?: Partial<RetryPolicy> }): Promise<ContractSubject>;
  /** The store has no server to stop (fs): the outage test is skipped. */
  serverless?: boolean;
  /** Objects in the large-listing test: beyond a page of S3's ListObjectsV2 (1,000) for S3. Default 300. */
  manyObjects?: number;
}

const MiB = 1024 * 1024;
const INVALID_KEYS = ['', '/abs', 'trailing/', 'a//b', '../up', 'a/../b', 'a/./b', '.', 'sp ace', 'back\\slash', 'ü', 'a?b'];

/**
 * What every ObjectStore must do, run against each backend by its `*.int.spec.ts` with real servers. Keeps
 * the port's promises: atomic and idempotent puts, `ifAbsent` keeps the first object, not-found is an
 * `ObjectNotFoundError` naming the key, deletes are idempotent, bad keys never reach the server, and an outage
 * ends in a clear error after the retries and heals when the server is back.
 */
export function objectStoreContract(name: string, factory: ContractFactory): void {
  describe(`${name} (ObjectStore contract)`, () => {
    const opened: ObjectStore[] = [];
    async function fresh(options?: { retry?: Partial<RetryPolicy> }): Promise<ContractSubject> {
      const subject = await factory.create(options);
      opened.push(subject.store);
      return subject;
    }
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    it('gives back exactly what was put: empty, small and 20 MiB objects', async () => {
      const { store } = await fresh();
      const objects: [string, Uint8Array][] = [
        ['empty', new Uint8Array(0)],
        ['small/hello.txt', new TextEncoder().encode('hello, tandem')],
        ['big/chunk-20MiB', randomBytes(20 * MiB)],
      ];
      for (const [key, data] of objects) await expect(store.put(key, data)).resolves.toEqual({ written: true });
      for (const [key, data] of objects) {
        expectSameBytes(await store.get(key), data);
        expect((await store.head(key))?.size).toBe(data.length);
      }
    });

    it('reads byte ranges: inside, at the edges, past the end, of an empty object, and of a missing key', async () => {
      const { store } = await fresh();
      const data = randomBytes(3 * MiB + 17);
      await store.put('packs/ranged', data);
      await store.put('packs/empty', new Uint8Array(0));
      const cases: [number, number][] = [[0, 1], [0, 100], [12_345, 1_000_000], [MiB, 2 * MiB], [data.length - 10, 10], [data.length - 10, 100], [0, data.length]];
      for (const [offset, length] of cases) {
        expectSameBytes(await store.getRange('packs/ranged', offset, length), data.subarray(offset, Math.min(data.length, offset + length)));
      }
      expect((await store.getRange('packs/ranged', data.length, 10)).length).toBe(0);
      expect((await store.getRange('packs/ranged', data.length + 5, 10)).length).toBe(0);
      expect((await store.getRange('packs/ranged', 5, 0)).length).toBe(0);
      expect((await store.getRange('packs/empty', 0, 10)).length).toBe(0);
      await expect(store.getRange('packs/missing', 0, 10)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getRange('packs/ranged', -1, 10)).rejects.toMatchObject({ code: 'invalid-range', retryable: false });
      await expect(store.getRange('bad//key', 0, 10)).rejects.toThrow(/invalid object key/);
    });

    it('overwrites with a plain put, keeps the first object with ifAbsent', async () => {
      const { store } = await fresh();
      await expect(store.put('chunks/abc', bytes('first'), { ifAbsent: true })).resolves.toEqual({ written: true });
      await expect(store.put('chunks/abc', bytes('second'), { ifAbsent: true })).resolves.toEqual({ written: false });
      expect(text(await store.get('chunks/abc'))).toBe('first');
      await expect(store.put('chunks/abc', bytes('third'))).resolves.toEqual({ written: true });
      expect(text(await store.get('chunks/abc'))).toBe('third');
    });

    it('throws ObjectNotFoundError naming the key for a missing object; head answers undefined', async () => {
      const { store } = await fresh();
      const error = await store.get('manifests/missing.json').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error).toMatchObject({ code: 'object-not-found', retryable: false, key: 'manifests/missing.json' });
      expect((error as Error).message).toContain('manifests/missing.json');
      await expect(store.head('manifests/missing.json')).resolves.toBeUndefined();
    });

    it('heads an object: key, size and modification time', async () => {
      const { store } = await fresh();
      const before = Date.now();
      await store.put('config/repo.json', bytes('{"version":1}'));
      const info = await store.head('config/repo.json');
      expect(info).toMatchObject({ key: 'config/repo.json', size: 13 });
      expectRecent(info?.modified, before);
    });

    it('lists the objects whose key starts with a prefix', async () => {
      const { store } = await fresh();
      for (const key of ['a/1', 'a/2', 'a/deep/3', 'ab/4', 'b/5']) await store.put(key, bytes(key));
      expect(await keys(store, 'a/')).toEqual(['a/1', 'a/2', 'a/deep/3']);
      expect(await keys(store, 'a')).toEqual(['a/1', 'a/2', 'a/deep/3', 'ab/4']);
      expect(await keys(store, '')).toEqual(['a/1', 'a/2', 'a/deep/3', 'ab/4', 'b/5']);
      expect(await keys(store, 'zzz/')).toEqual([]);
      const [listed, ...more] = await collect(store.list('b/'));
      expect(more).toEqual([]);
      expect(listed).toMatchObject({ key: 'b/5', size: 3 });
      expectRecent(listed?.modified, Date.now());
    });

    const many = factory.manyObjects ?? 300;
    it(`lists ${many} objects under a prefix, each once`, async () => {
      const { store } = await fresh();
      const expected = Array.from({ length: many }, (_, i) => `many/${String(i).padStart(5, '0')}`);
      await Promise.all(expected.map((key) => store.put(key, bytes(key))));
      await store.put('other/not-listed', bytes('x'));
      expect(await keys(store, 'many/')).toEqual(expected);
    });

    it('deletes idempotently, and a deleted key can be written again', async () => {
      const { store } = await fresh();
      await store.put('tmp/x', bytes('x'));
      await store.delete('tmp/x');
      await store.delete('tmp/x');
      await store.delete('tmp/never-existed');
      await expect(store.get('tmp/x')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.head('tmp/x')).resolves.toBeUndefined();
      expect(await keys(store, 'tmp/')).toEqual([]);
      await expect(store.put('tmp/x', bytes('again'), { ifAbsent: true })).resolves.toEqual({ written: true });
      expect(text(await store.get('tmp/x'))).toBe('again');
    });

    it('refuses invalid keys before touching the store', async () => {
      const { store } = await fresh();
      for (const key of INVALID_KEYS) {
        await expect(store.put(key, bytes('x'))).rejects.toMatchObject({ code: 'invalid-key', retryable: false });
        await expect(store.get(key)).rejects.toThrow(/invalid object key/);
        await expect(store.head(key)).rejects.toThrow(/invalid object key/);
        await expect(store.delete(key)).rejects.toThrow(/invalid object key/);
      }
      expect(await keys(store, '')).toEqual([]);
    });

    it('ends concurrent puts of one key with one whole object', async () => {
      const { store } = await fresh();
      const payloads = Array.from({ length: 6 }, (_, i) => new Uint8Array(MiB + i).fill(65 + i));
      await Promise.all(payloads.map((p) => store.put('race/plain', p)));
      expectOneOf(await store.get('race/plain'), payloads);

      const outcomes = await Promise.all(payloads.map((p) => store.put('race/if-absent', p, { ifAbsent: true })));
      const winners = payloads.filter((_, i) => outcomes[i]?.written);
      expect(winners).toHaveLength(1);
      expectSameBytes(await store.get('race/if-absent'), winners[0] as Uint8Array);
      expect(await keys(store, 'race/')).toEqual(['race/if-absent', 'race/plain']);
    });

    // A backend with no server of its own (the filesystem) has no outage to survive: the test does not apply.
    const withServer = factory.serverless ? (_name: string, _fn: () => Promise<void>) => undefined : it;
    withServer('fails with a clear error after its retries while the server is down, and works again after a restart', async () => {
      const { store, server } = await fresh({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 400 } });
      if (!server) throw new Error(`the ${name} factory must return the server behind the store (or set serverless: true)`);
      await store.put('kept/before', bytes('before the outage'));
      await server.stop();
      try {
        const error = await store.put('during/outage', bytes('x')).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'object-store-unavailable', retryable: true, operation: 'put', key: 'during/outage' });
        const message = (error as Error).message;
        expect(message).toContain(store.location);
        expect(message).toMatch(/put of "during\/outage" failed after 3 attempts/);
        expect(message).toMatch(/check that it is running and reachable/);
        await expect(store.get('kept/before')).rejects.toMatchObject({ code: 'object-store-unavailable' });
      } finally {
        await server.restart();
      }
      await expect(store.put('after/restart', bytes('back'))).resolves.toEqual({ written: true });
      expect(text(await store.get('kept/before'))).toBe('before the outage');
      expect(text(await store.get('after/restart'))).toBe('back');
    });
  });
}

function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}

async function collect(iterable: AsyncIterable<ObjectInfo>): Promise<ObjectInfo[]> {
  const out: ObjectInfo[] = [];
  for await (const info of iterable) out.push(info);
  return out;
}

/** Listed keys, sorted (backends may list in different orders). */
async function keys(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await collect(store.list(prefix))).map((i) => i.key).sort();
}

/** A Date (from any realm: Node's fs makes its Dates outside Jest's sandbox) within a minute of `around`. */
function expectRecent(modified: Date | undefined, around: number): void {
  expect(Object.prototype.toString.call(modified)).toBe('[object Date]');
  expect(Math.abs((modified?.getTime() ?? 0) - around)).toBeLessThan(60_000);
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  // Buffer.compare instead of toEqual: fast on 20 MiB, and a mismatch does not print megabytes.
  expect(Buffer.compare(Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength), Buffer.from(expected))).toBe(0);
}

function expectOneOf(actual: Uint8Array, candidates: Uint8Array[]): void {
  const match = candidates.find((c) => c.length === actual.length && Buffer.from(c).equals(Buffer.from(actual)));
  expect(match).toBeDefined();
}
