import { connect } from 'node:net';
import { type JsonMap, isMap, listAt, mapAt, numberAt, stringAt } from '../util/json-value';
import { runInContainer } from './exec-runner';
import type { LaunchSpec } from './launch-spec';
import type { ProbeState } from './pod-runtime';

/** The probe's timing, with Kubernetes' defaults. */
export function probeTiming(probe: JsonMap): { initialDelayMs: number; periodMs: number; timeoutMs: number; successThreshold: number; failureThreshold: number } {
  return {
    initialDelayMs: (numberAt(probe, 'initialDelaySeconds') ?? 0) * 1000,
    periodMs: (numberAt(probe, 'periodSeconds') ?? 10) * 1000,
    timeoutMs: (numberAt(probe, 'timeoutSeconds') ?? 1) * 1000,
    successThreshold: numberAt(probe, 'successThreshold') ?? 1,
    failureThreshold: numberAt(probe, 'failureThreshold') ?? 3,
  };
}

/**
 * Runs one probe against a container on the lab node: exec (in the container's environment, exit code 0
 * passes), httpGet (127.0.0.1, status 200-399 passes) or tcpSocket/grpc (a connection passes).
 */
export async function probeOnce(probe: JsonMap, container: JsonMap, launch: LaunchSpec, pod: string, timeoutMs: number): Promise<boolean> {
  const command = listAt(probe, 'exec', 'command').map(String);
  if (command.length > 0) return (await runInContainer(launch, command, timeoutMs, pod)).exitCode === 0;
  const http = mapAt(probe, 'httpGet');
  if (http) {
    const port = portOf(http['port'], container);
    const path = stringAt(http, 'path') ?? '/';
    try {
      const response = await fetch(`${(stringAt(http, 'scheme') ?? 'HTTP').toLowerCase()}://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`, { signal: AbortSignal.timeout(timeoutMs) });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 400;
    } catch {
      return false;
    }
  }
  const tcp = mapAt(probe, 'tcpSocket') ?? mapAt(probe, 'grpc');
  if (tcp) return connects(portOf(tcp['port'], container), timeoutMs);
  return true;
}

/** Updates a probe's counters with one result; answers whether the probe now passes (per its thresholds). */
export function recordProbe(state: ProbeState, passed: boolean, wasPassing: boolean, probe: JsonMap): boolean {
  const timing = probeTiming(probe);
  if (passed) {
    state.successes += 1;
    state.failures = 0;
  } else {
    state.failures += 1;
    state.successes = 0;
  }
  if (passed) return wasPassing || state.successes >= timing.successThreshold;
  return wasPassing && state.failures < timing.failureThreshold;
}

function portOf(port: unknown, container: JsonMap): number {
  if (typeof port === 'number') return port;
  const named = listAt(container, 'ports').filter(isMap).find((p) => p['name'] === port);
  return numberAt(named, 'containerPort') ?? Number(port);
}

function connects(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
