import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import type { KubeObject } from '../model/kube-object';
import type { ExecRequest, ExecResult } from '../platform.port';

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * Runs the command in each pod through the Kubernetes exec protocol (a WebSocket to the pod's `exec`
 * subresource), one pod after another, each bounded by the request's timeout. The exit code comes from the
 * final status frame (`Success`, or `NonZeroExitCode` with the code as a cause).
 */
export async function execInPods(config: KubeConfig, pods: KubeObject[], request: ExecRequest): Promise<ExecResult[]> {
  const results: ExecResult[] = [];
  for (const pod of pods) results.push(await execInPod(config, pod, request));
  return results;
}

async function execInPod(config: KubeConfig, pod: KubeObject, request: ExecRequest): Promise<ExecResult> {
  const containers = ((pod.spec ?? {}) as { containers?: { name: string }[] }).containers ?? [];
  const container = request.container ?? containers[0]?.name ?? '';
  const stdout = new CappedBuffer();
  const stderr = new CappedBuffer();
  const name = pod.metadata.name;
  return new Promise<ExecResult>((resolve) => {
    let settled = false;
    const finish = (exitCode: number | null, timedOut: boolean, extraError = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ pod: name, exitCode, stdout: stdout.text(), stderr: stderr.text() + extraError, timedOut });
    };
    let socket: { close(): void } | undefined;
    const timer = setTimeout(() => {
      socket?.close();
      finish(null, true);
    }, request.timeoutMs);
    new Exec(config)
      .exec(request.namespace, name, container, request.command, stdout, stderr, null, false, (status: V1Status) => finish(exitCodeOf(status), false))
      .then((connection) => {
        socket = connection;
        connection.on('close', () => finish(null, false, '\nthe exec connection closed before the command reported its exit status'));
      })
      .catch((error: unknown) => finish(null, false, `exec in pod ${name} failed: ${(error as Error).message}`));
  });
}

function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((candidate) => candidate.reason === 'ExitCode');
  const code = Number(cause?.message);
  return Number.isInteger(code) ? code : 1;
}

/** Collects output up to a bound, so that a chatty command cannot exhaust memory. */
class CappedBuffer extends Writable {
  private readonly parts: Buffer[] = [];
  private size = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    if (this.size < MAX_OUTPUT_BYTES) {
      const part = chunk.subarray(0, MAX_OUTPUT_BYTES - this.size);
      this.parts.push(part);
      this.size += part.length;
    }
    done();
  }

  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}
