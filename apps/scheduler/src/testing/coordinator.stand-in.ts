import { randomUUID } from 'node:crypto';
import type { TestBus } from '@tandem/integration-testing';
import { type DataOf, MigrationFinished, MigrationRequested } from '@tandem/contracts';

type Requested = DataOf<typeof MigrationRequested>;

/** Answers the scheduler's migrations as the coordinator would, on a test's seat on the bus. */
export class CoordinatorStandIn {
  private readonly finishing = new Map<string, (data: Requested) => boolean>();
  readonly stop: () => void;

  constructor(private readonly bus: TestBus) {
    this.stop = bus.onEvent((event) => {
      if (event.type !== MigrationRequested.type) return;
      const data = event.data as Requested;
      const finish = this.finishing.get(`${data.schedule.namespace}/${data.schedule.name}`);
      if (finish?.(data)) void this.finish(data.schedule.namespace, data.migration);
    });
  }

  /**
   * Answers every migration the schedule requests with `migration-finished`, at once, as long as `when` says so
   * (default: always). Replaces an earlier rule for the schedule.
   */
  autoFinish(schedule: { namespace: string; name: string }, when: (data: Requested) => boolean = () => true): void {
    this.finishing.set(`${schedule.namespace}/${schedule.name}`, when);
  }

  stopFinishing(schedule: { namespace: string; name: string }): void {
    this.finishing.delete(`${schedule.namespace}/${schedule.name}`);
  }

  /** Publishes `migration-finished` as the coordinator would. */
  async finish(namespace: string, migration: string, status: DataOf<typeof MigrationFinished>['status'] = 'Successful', id = randomUUID()): Promise<string> {
    return this.bus.send(MigrationFinished, { migration, namespace, status, finishedAt: new Date().toISOString() }, { id });
  }
}
