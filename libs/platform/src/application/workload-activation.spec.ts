import { Annotations, INACTIVE_NODE_SELECTOR } from '../model/annotations';
import { isPlatformError } from '../platform.errors';
import { build } from './testing/kube-objects.builder';
import { activateWorkload, deactivateWorkload } from './workload-activation';

describe('deactivateWorkload and activateWorkload', () => {
  it('keeps a Deployment at 0 replicas with the original recorded, and gives it back', () => {
    const deployment = build.deployment('shop', 'web', { replicas: 4 });
    const inactive = deactivateWorkload(deployment);
    expect(inactive.spec).toMatchObject({ replicas: 0 });
    expect(inactive.metadata.annotations).toEqual({ [Annotations.replicas]: '4' });
    expect(deployment.spec).toMatchObject({ replicas: 4 });

    const active = activateWorkload(inactive);
    expect(active.spec).toMatchObject({ replicas: 4 });
    expect(active.metadata.annotations).toBeUndefined();
  });

  it('records 1 for a StatefulSet without spec.replicas (the Kubernetes default)', () => {
    const statefulSet = build.statefulSet('shop', 'db');
    delete (statefulSet.spec as Record<string, unknown>)['replicas'];
    expect(deactivateWorkload(statefulSet).metadata.annotations?.[Annotations.replicas]).toBe('1');
    expect(activateWorkload(deactivateWorkload(statefulSet)).spec).toMatchObject({ replicas: 1 });
  });

  it('deactivating twice keeps the first recorded original, not the 0 of the inactive copy', () => {
    const twice = deactivateWorkload(deactivateWorkload(build.deployment('shop', 'web', { replicas: 5 })));
    expect(twice.metadata.annotations?.[Annotations.replicas]).toBe('5');
    expect(activateWorkload(twice).spec).toMatchObject({ replicas: 5 });
  });

  it('suspends a CronJob and restores its original suspend, also when it was already suspended', () => {
    const running = build.cronJob('shop', 'report');
    const inactive = deactivateWorkload(running);
    expect(inactive.spec).toMatchObject({ suspend: true });
    expect(inactive.metadata.annotations?.[Annotations.cronJobSuspend]).toBe('false');
    expect(activateWorkload(inactive).spec).toMatchObject({ suspend: false });

    const suspended = build.cronJob('shop', 'report', { suspend: true });
    expect(activateWorkload(deactivateWorkload(suspended)).spec).toMatchObject({ suspend: true });
  });

  it('keeps a DaemonSet off every node with the inactive node selector, and restores the original (or none)', () => {
    const pinned = build.daemonSet('shop', 'agent', { template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [] } } });
    const inactive = deactivateWorkload(pinned);
    expect(inactive.spec).toMatchObject({ template: { spec: { nodeSelector: INACTIVE_NODE_SELECTOR } } });
    expect(JSON.parse(inactive.metadata.annotations?.[Annotations.daemonSetNodeSelector] ?? '')).toEqual({ disk: 'ssd' });
    expect(activateWorkload(inactive).spec).toEqual(pinned.spec);

    const anywhere = build.daemonSet('shop', 'agent');
    const restored = activateWorkload(deactivateWorkload(anywhere));
    expect(restored).toEqual(anywhere);
  });

  it('leaves other objects and workloads without records as they are', () => {
    const configMap = build.configMap('shop', 'settings');
    expect(deactivateWorkload(configMap)).toEqual(configMap);
    const deployment = build.deployment('shop', 'web');
    expect(activateWorkload(deployment)).toEqual(deployment);
  });

  it('refuses a record it cannot read as Invalid, naming the object and the annotation', () => {
    const broken = build.deployment('shop', 'web', { replicas: 0 }, { annotations: { [Annotations.replicas]: 'three' } });
    let caught: unknown;
    try {
      activateWorkload(broken);
    } catch (error) {
      caught = error;
    }
    expect(isPlatformError(caught, 'Invalid')).toBe(true);
    expect((caught as Error).message).toBe(`Deployment shop/web: annotation ${Annotations.replicas} is "three", not a replica count; set it to the original value, or remove it and set the field by hand`);
  });
});
