import { setTimeout as sleep } from 'node:timers/promises';
import type { DataOf, ActivateApplications } from '@tandem/contracts';
import { isPlatformError, type ObjectRef, type Platform } from '@tandem/platform';
import { failedRun, type RunResult } from '../runs/migration-run';
import { type NamespaceActivation, switchNamespaces } from './activate-namespaces';

/** The kinds whose pods an activation waits for (`Platform.workloadStatus` reads them). */
const WAITED_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const POLL_MS = 1_000;

export interface ActivatedWorkload {
  kind: string;
  namespace: string;
  name: string;
  /** Replicas asked for now (for a DaemonSet: the nodes it should run on). */
  replicas: number;
  ready: number;
}

export interface ActivateOptions {
  /** Called at least every poll while waiting (the command's ack deadline moves). */
  working: () => void;
  now?: () => Date;
  pollMs?: number;
}

type Command = Pick<DataOf<typeof ActivateApplications>, 'namespaces' | 'selectors' | 'action' | 'readyTimeoutSeconds'>;

/**
 * `activate-applications` on this site: the same switch as POST /v1/activations, namespace after namespace, then
 * (activate) a wait until every workload of those namespaces runs as many ready pods as it asks for, bounded by
 * `readyTimeoutSeconds`. A fenced site refuses before changing anything (retryable: the saga may unfence it); a
 * workload that could not be switched, or is not ready in time, is named in the failure.
 */
export async function activateAndWait(site: Platform, cmd: Command, options: ActivateOptions): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  let switched: NamespaceActivation[];
  try {
    switched = await switchNamespaces(site, {
      action: cmd.action,
      namespaces: cmd.namespaces,
      ...(Object.keys(cmd.selectors).length > 0 ? { selector: { matchLabels: cmd.selectors } } : {}),
    });
  } catch (error) {
    if (isPlatformError(error, 'Forbidden')) return failedRun(error.message, true);
    throw error;
  }
  const failed = switched.flatMap((n) => n.workloads.filter((w) => w.outcome === 'failed').map((w) => `${w.kind} ${n.namespace}/${w.name}: ${w.message ?? w.reason ?? 'failed'}`));
  if (failed.length > 0) return failedRun(`could not ${cmd.action} ${failed.join('; ')}; fix it, then try again`, true);

  const refs: ObjectRef[] = switched.flatMap((n) =>
    n.workloads.filter((w) => WAITED_KINDS.has(w.kind)).map((w) => ({ apiVersion: w.apiVersion, kind: w.kind, namespace: n.namespace, name: w.name })),
  );
  const deadline = Date.now() + cmd.readyTimeoutSeconds * 1000;
  let workloads = await statuses(site, refs);
  while (cmd.action === 'activate') {
    const waiting = workloads.filter((w) => w.ready < w.replicas);
    if (waiting.length === 0) break;
    if (Date.now() >= deadline) {
      const named = waiting.map((w) => `${w.kind} ${w.namespace}/${w.name} has ${w.ready} of ${w.replicas} pods ready`).join(', ');
      return failedRun(`not ready within ${cmd.readyTimeoutSeconds} s: ${named}; see why with kubectl describe, or give it longer (readyTimeoutSeconds)`, false);
    }
    options.working();
    await sleep(options.pollMs ?? POLL_MS);
    workloads = await statuses(site, refs);
  }
  return { answer: { ok: true, output: { action: cmd.action, workloads, readyAt: now().toISOString() } }, resources: [], volumes: [] };
}

async function statuses(site: Platform, refs: ObjectRef[]): Promise<ActivatedWorkload[]> {
  const out: ActivatedWorkload[] = [];
  for (const ref of refs) {
    try {
      const status = await site.workloadStatus(ref);
      out.push({ kind: ref.kind, namespace: ref.namespace!, name: ref.name, replicas: status.desired, ready: status.ready });
    } catch (error) {
      if (isPlatformError(error, 'NotFound')) continue;
      throw error;
    }
  }
  return out;
}
