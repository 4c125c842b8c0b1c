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
  /** Bytes of the group snapshot, and how many of them were uploaded (the rest the store already had). */
  bytes: { done: number; total: number; uploaded?: number };
  /** When the group snapshot was taken, and how old it was when the migration finished. */
  takenAt?: string;
  rpoSeconds?: number;
  createdAt: string;
  finishedAt?: string;
  elapsedSeconds: number;
}
