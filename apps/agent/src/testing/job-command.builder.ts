import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackUpVolumes, DataOf, RestoreRecoveryPoint, SagaRef } from '@tandem/contracts';

/** Writes a fresh master key into the agent's secrets directory and returns the reference to it. */
export async function masterKeySecret(secretsDir: string, name = 'master-key'): Promise<{ masterKeyRef: { secretFile: string } }> {
  const file = join(secretsDir, name);
  await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  return { masterKeyRef: { secretFile: file } };
}

/** A back-up-volumes command into an fs store, with what a test does not care about filled in. */
export const backUpCommand = (o: {
  storePath: string;
  repository: { masterKeyRef: { secretFile: string } };
  volumes: string[];
  epoch?: number;
  requestId?: string;
  sagaRef?: SagaRef;
}): DataOf<typeof BackUpVolumes> => ({
  requestId: o.requestId ?? `backup-${randomUUID()}`,
  epoch: o.epoch ?? 0,
  ...(o.sagaRef ? { sagaRef: o.sagaRef } : {}),
  store: { kind: 'fs', path: o.storePath },
  repository: o.repository,
  groupSnapshotId: `gs-${randomUUID().slice(0, 8)}`,
  volumes: o.volumes.map((name) => ({ name })),
});

export const restoreCommand = (o: {
  storePath: string;
  repository: { masterKeyRef: { secretFile: string } };
  volume: string;
  recoveryPointId: string;
  targetVolume: string;
  epoch?: number;
  requestId?: string;
}): DataOf<typeof RestoreRecoveryPoint> => ({
  requestId: o.requestId ?? `restore-${randomUUID()}`,
  epoch: o.epoch ?? 0,
  store: { kind: 'fs', path: o.storePath },
  repository: o.repository,
  volume: o.volume,
  recoveryPointId: o.recoveryPointId,
  targetVolume: o.targetVolume,
});
