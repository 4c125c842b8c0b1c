import { failoverInputFor, failoverRequest } from './failover-request';
import type { ProtectedApplication } from './protected-applications.store';

describe('failover request', () => {
  const at = new Date('2026-11-26T10:04:05Z');
  const app: ProtectedApplication = {
    namespace: 'appns',
    schedule: 'app',
    clusterPair: 'to-dr',
    sourceDomain: 'primary',
    destinationDomain: 'dr-site',
    namespaces: ['appns', 'db', 'cache'],
    selectors: { tier: 'app' },
    lastMigration: 'app-interval-1',
    status: 'Successful',
    finishedAt: '2026-11-26T10:00:00.000Z',
    takenAt: '2026-11-26T09:59:58.000Z',
  };

  it('fails the whole application over with the defaults', () => {
    const built = failoverInputFor({ namespace: 'appns', migrationSchedule: 'app' }, app, at);
    expect(built).toEqual({
      ok: true,
      input: {
        failover: 'app-failover-20261126100405',
        namespace: 'appns',
        schedule: 'app',
        sourceDomain: 'primary',
        destinationDomain: 'dr-site',
        namespaces: ['appns', 'db', 'cache'],
        selectors: { tier: 'app' },
        skipSourceOperations: false,
        releaseTimeoutSeconds: 60,
        readyTimeoutSeconds: 180,
      },
    });
  });

  it('keeps the included namespaces, minus the excluded ones, in the order the schedule has them', () => {
    const built = failoverInputFor(
      { namespace: 'appns', migrationSchedule: 'app', includeNamespaces: ['cache', 'appns', 'db'], excludeNamespaces: ['db'], skipSourceOperations: true, releaseTimeoutSeconds: 5, readyTimeoutSeconds: 30 },
      app,
      at,
    );
    expect(built.ok && built.input).toMatchObject({ namespaces: ['appns', 'cache'], skipSourceOperations: true, releaseTimeoutSeconds: 5, readyTimeoutSeconds: 30 });
  });

  it('refuses a namespace the schedule does not protect, and leaving none', () => {
    expect(failoverInputFor({ namespace: 'appns', migrationSchedule: 'app', includeNamespaces: ['other'] }, app, at)).toEqual({
      ok: false,
      problem: 'includeNamespaces: other is not among the namespaces schedule appns/app protects (appns, db, cache)',
    });
    const none = failoverInputFor({ namespace: 'appns', migrationSchedule: 'app', excludeNamespaces: ['appns', 'db', 'cache'] }, app, at);
    expect(none.ok === false && none.problem).toContain('excludeNamespaces: no namespace is left');
  });

  it('names the field of a malformed request', () => {
    const parsed = failoverRequest.parse({ namespace: 'appns', migrationSchedule: 'app', releaseTimeoutSeconds: 0 });
    expect(parsed.ok === false && parsed.reason).toContain('releaseTimeoutSeconds');
    const unknown = failoverRequest.parse({ namespace: 'appns', schedule: 'app' });
    expect(unknown.ok).toBe(false);
  });
});
