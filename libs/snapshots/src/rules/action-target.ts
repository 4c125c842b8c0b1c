import type { ExecRequest, ExecResult, Platform } from '@tandem/platform';

/** The pods an action runs in: those its item's podSelector matches in the namespace (one, for runInSinglePod). */
export interface ActionTarget {
  namespace: string;
  podSelector: Record<string, string>;
  container?: string;
  single: boolean;
}

/** What one exec call gave: a result per pod, or why the call itself failed (the site unreachable, a bad container). */
export interface ExecCall {
  results: ExecResult[];
  /** Set when the call failed as a whole; `results` is then empty. */
  error?: string;
  durationMs: number;
}

/** Runs `command` in the target's pods; a failing call is returned as `error`, not thrown. */
export async function execIn(platform: Platform, target: ActionTarget, command: string[], timeoutMs: number): Promise<ExecCall> {
  const request: ExecRequest = {
    namespace: target.namespace,
    podSelector: { matchLabels: target.podSelector },
    command,
    timeoutMs,
    ...(target.single ? { single: true } : {}),
    ...(target.container === undefined ? {} : { container: target.container }),
  };
  const started = Date.now();
  try {
    const results = await platform.exec(request);
    return { results, durationMs: Date.now() - started };
  } catch (error) {
    return { results: [], error: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
  }
}
