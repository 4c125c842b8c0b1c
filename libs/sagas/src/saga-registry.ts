import type { SagaDefinition } from './saga-definition';
import { FAILOVER_SAGA } from './failover.saga';
import { PROTECT_SAGA } from './protect.saga';
import { SELFTEST_SAGA } from './selftest.saga';

/** The sagas a coordinator can run, by name. */
export class SagaRegistry {
  private readonly byName = new Map<string, SagaDefinition<unknown>>();

  constructor(definitions: SagaDefinition<never>[]) {
    for (const d of definitions) this.byName.set(d.name, d as unknown as SagaDefinition<unknown>);
  }

  get(name: string): SagaDefinition<unknown> | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

export const defaultSagas = (): SagaRegistry =>
  new SagaRegistry([SELFTEST_SAGA as unknown as SagaDefinition<never>, PROTECT_SAGA as unknown as SagaDefinition<never>, FAILOVER_SAGA as unknown as SagaDefinition<never>]);
