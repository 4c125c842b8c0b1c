/** A migration (one run of the protect saga) as the coordinator's `GET /v1/migrations` shows it. */
export interface MigrationView {
  namespace: string;
  name: string;
  schedule?: string;
  clusterPair: string;
  stage: string;
  status: string;
  /** The protect saga's step while in progress (resolve-pair, group-snapshot, …). */
  step?: string;
  reason?: string;
  volumes: { done: number; total: number };
  resources: { done: number; total: number };
  bytes: { done: number; total: number };
  /** When the group snapshot was taken, and how old it was when the migration finished. */
  takenAt?: string;
  rpoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
  elapsedSeconds: number;
}
