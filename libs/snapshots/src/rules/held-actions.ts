import type { BackgroundAction } from './background-action';
import type { ActionReport, ReleaseReport } from './rule-report';

/**
 * The background actions of a pre rule that hold (a lock, backup mode) until the group snapshot is taken.
 * `release()` tells every pod to let go, waits for the commands to end and reports how they ended; it is
 * idempotent (a second call returns the first call's report) and never rejects for what happens in the pods.
 * A hold nobody releases ends by itself after its action's timeout.
 */
export class HeldActions {
  private released: Promise<ReleaseReport> | undefined;

  constructor(private readonly actions: readonly BackgroundAction[] = []) {}

  /** How many background actions hold. */
  get size(): number {
    return this.actions.length;
  }

  /** Each background action as it holds now. */
  holding(): ActionReport[] {
    return this.actions.map((action) => action.heldReport());
  }

  release(): Promise<ReleaseReport> {
    this.released ??= this.releaseAll();
    return this.released;
  }

  private async releaseAll(): Promise<ReleaseReport> {
    const started = Date.now();
    const actions = await Promise.all(this.actions.map((action) => action.release()));
    const failures = actions.flatMap((action) => (action.failure === undefined ? [] : [action.failure]));
    return { ok: failures.length === 0, actions, failures, durationMs: Date.now() - started };
  }
}
