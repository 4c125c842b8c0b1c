// The volume pipeline of asynchronous DR: back up a directory tree into an object store as encrypted,
// deduplicated chunks in pack files, an index and a manifest; restore, verify, apply retention and collect
// garbage. See README.md.
export * from './datamover.errors';
export type { ChunkerParams } from './chunking/chunker-params';
export { DEFAULT_CHUNKER_PARAMS, chunkerParams } from './chunking/chunker-params';
export { FastCdcChunker, chunkLengths } from './chunking/fastcdc.chunker';
export { parseMasterKey, masterKeyId, MASTER_KEY_BYTES } from './crypto/master-key';
export type { Repository, InitRepositoryOptions } from './repository/repository';
export { initRepository, openRepository, rotateMasterKey } from './repository/repository';
export type { RepositoryConfig } from './repository/repository-config';
export { REPOSITORY_FORMAT_VERSION } from './repository/repository-config';
export type { RecoveryPointRef } from './repository/repository-layout';
export { manifestKey, packKey, parseManifestKey, parsePackKey, CONFIG_KEY } from './repository/repository-layout';
export type { Manifest, ManifestEntry, ManifestChunk, EntryType } from './manifest/manifest.model';
export { MANIFEST_FORMAT_VERSION } from './manifest/manifest.model';
export { listRecoveryPoints, latestManifestKey, loadManifest, RecoveryPointNotFoundError } from './manifest/recovery-points';
export type { Progress } from './backup/progress.reporter';
export type { BackupOptions, BackupResult, BackupStats } from './backup/backup.types';
export { backup } from './backup/backup';
export type { RestoreOptions, RestoreResult } from './restore/restore.types';
export { restore, RestoreFailedError } from './restore/restore';
export { recoverInterruptedSwap } from './restore/atomic-swap';
export type { VerifyOptions, VerifyResult, BadChunk } from './verify/verify-recovery-point';
export { verifyRecoveryPoint } from './verify/verify-recovery-point';
export type { RetentionOptions, RetentionResult } from './gc/apply-retention';
export { applyRetention } from './gc/apply-retention';
export type { GarbageCollectionOptions, GarbageCollectionResult } from './gc/collect-garbage';
export { collectGarbage } from './gc/collect-garbage';
export { DEFAULT_LEASE_TTL_MS } from './gc/backup.lease';
export { DEFAULT_PACK_SIZE } from './pack/pack.writer';
export type { RebuildIndexOptions, RebuildIndexResult } from './chunk-index/rebuild-index';
export { rebuildIndex } from './chunk-index/rebuild-index';
