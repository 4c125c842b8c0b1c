import { Injectable } from '@nestjs/common';

/** Resolves when the dependency is usable; rejects with an error saying why not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessFailure {
  name: string;
  reason: string;
}

export type ReadinessReport = { ready: true; checks: string[] } | { ready: false; checks: string[]; failing: ReadinessFailure[] };

/** Checks slower than this count as failing, so that `/readyz` answers while a dependency hangs. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/**
 * The readiness checks of this service (database reachable, bus connected, consumers bound …). Modules register
 * theirs when they start; `GET /readyz` is 200 only when all pass. Injectable anywhere: the service shell is global.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) {
      throw new Error(`readiness check "${name}" is already registered; give each check its own name`);
    }
    this.checks.set(name, check);
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  async check(timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(
      [...this.checks.entries()].map(async ([name, check]) => {
        const reason = await runCheck(check, timeoutMs);
        return reason === undefined ? undefined : { name, reason };
      }),
    );
    const failing = results.filter((r): r is ReadinessFailure => r !== undefined);
    return failing.length === 0 ? { ready: true, checks: names } : { ready: false, checks: names, failing };
  }
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check)
        .then(
          () => undefined,
          (error: unknown) => (error instanceof Error ? error.message : String(error)),
        ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
