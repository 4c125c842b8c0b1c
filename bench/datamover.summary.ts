import type { BackupPhase, PhaseResult } from './datamover-tool';
import type { Measured } from './measured-process';
import { round } from './stats';

// bench/results/datamover.json's per-tool columns, the goals of the datamover issue, and the printed summary.

export type Phase = BackupPhase | 'restore';
export const PHASES: readonly Phase[] = ['full', 'incremental', 'noop', 'restore'];

export interface ToolColumn {
  version: string;
  does: string;
  full_s?: number;
  incremental_s?: number;
  noop_s?: number;
  restore_s?: number;
  full_uploaded_bytes?: number;
  incremental_uploaded_bytes?: number;
  /** incremental_uploaded_bytes / the dataset's changed_bytes. */
  incremental_upload_ratio?: number;
  noop_uploaded_bytes?: number;
  stored_bytes?: number;
  /** Files in the repository or target: each was written (and, by Tandem, restic and kopia, fsynced) once. */
  stored_files?: number;
  peak_rss_mb?: number;
  /** The restored tree is identical to the dataset (content and metadata). */
  verified?: boolean;
  /** When the restore is not identical: whether it is when mtimes may differ by < 2 µs, or are ignored. */
  verified_loosely?: { mtimes_within_2us: boolean; ignoring_mtimes: boolean };
  restore_differences?: string[];
  /** What preparing the tool found out (Tandem: the cost of a process that only loads the library). */
  prepare?: Record<string, unknown>;
  phases: Partial<Record<Phase, PhaseDetail>>;
  error?: string;
}

export interface PhaseDetail {
  wall_s: number;
  user_s?: number;
  system_s?: number;
  /** CPU seconds per wall second, the whole process tree (2.0 = both cores busy all the time). */
  cores_used?: number;
  peak_rss_mb: number;
  max_process_rss_mb?: number;
  sampled_tree_rss_mb: number;
  uploaded_bytes?: number;
  uploaded_by_folder?: Record<string, number>;
  machine: Measured['machine'];
  reported?: Record<string, unknown>;
}

export function phaseDetail(r: PhaseResult): PhaseDetail {
  const m = r.measured;
  const cpu = m.user_s !== undefined && m.system_s !== undefined ? m.user_s + m.system_s : undefined;
  return {
    wall_s: m.wall_s,
    user_s: m.user_s,
    system_s: m.system_s,
    cores_used: cpu === undefined ? undefined : round(cpu / Math.max(m.wall_s, 0.001), 2),
    peak_rss_mb: m.peak_rss_mb,
    max_process_rss_mb: m.max_process_rss_mb,
    sampled_tree_rss_mb: m.sampled_tree_rss_mb,
    uploaded_bytes: r.uploaded_bytes,
    uploaded_by_folder: r.uploaded_by_folder,
    machine: m.machine,
    reported: r.reported,
  };
}

/** Copies a phase's numbers into the flat keys of the tool's column. */
export function record(column: ToolColumn, phase: Phase, r: PhaseResult): void {
  const d = phaseDetail(r);
  column.phases[phase] = d;
  column[`${phase}_s` as const] = d.wall_s;
  if (phase !== 'restore' && r.uploaded_bytes !== undefined) column[`${phase}_uploaded_bytes` as const] = r.uploaded_bytes;
  column.peak_rss_mb = Math.max(column.peak_rss_mb ?? 0, d.peak_rss_mb);
}

export interface Goal {
  goal: string;
  measured?: number;
  limit?: number;
  met?: boolean;
}

/** The issue's goals for Tandem, against restic's numbers of the same run. */
export function evaluateGoals(tools: Record<string, ToolColumn>, changedBytes: number): Record<string, Goal> {
  const t = tools.tandem;
  const r = tools.restic;
  const vsRestic = (key: 'full_s' | 'incremental_s' | 'restore_s', factor: number): Goal => {
    const goal = `tandem ${key} ≤ ${factor} × restic ${key}`;
    if (t?.[key] === undefined || r?.[key] === undefined) return { goal };
    const limit = round(factor * r[key], 2);
    return { goal, measured: t[key], limit, met: t[key] <= limit };
  };
  const upTo = (goal: string, measured: number | undefined, limit: number, strict = false): Goal =>
    measured === undefined ? { goal, limit } : { goal, measured, limit, met: strict ? measured < limit : measured <= limit };
  return {
    full: vsRestic('full_s', 0.5),
    incremental: vsRestic('incremental_s', 0.5),
    restore: vsRestic('restore_s', 0.7),
    incremental_upload: upTo('tandem incremental_uploaded_bytes ≤ 1.2 × changed_bytes', t?.incremental_uploaded_bytes, Math.round(1.2 * changedBytes)),
    unchanged_run: upTo('tandem noop_s < 2', t?.noop_s, 2, true),
    peak_rss: upTo('tandem peak_rss_mb < 300', t?.peak_rss_mb, 300, true),
    restore_verified: { goal: 'tandem restores a tree identical to the dataset', met: t?.verified },
  };
}

/**
 * Per phase and tool: wall time, CPU time (cores busy on average) and I/O stalls; for Tandem also the part of the
 * wall time spent starting Node and loading the library (paid by every operation, since each is its own process)
 * and the operation itself as the library timed it.
 */
export function timeBreakdown(tools: Record<string, ToolColumn>): Record<string, Record<string, Record<string, number | undefined>>> {
  const out: Record<string, Record<string, Record<string, number | undefined>>> = {};
  for (const phase of PHASES) {
    out[phase] = {};
    for (const [name, c] of Object.entries(tools)) {
      const d = c.phases[phase];
      if (!d) continue;
      const timing = d.reported?.timing as { node_start_ms: number; load_modules_ms: number; operation_ms: number } | undefined;
      out[phase][name] = {
        wall_s: d.wall_s,
        cpu_s: d.user_s === undefined || d.system_s === undefined ? undefined : round(d.user_s + d.system_s, 2),
        cores_used: d.cores_used,
        kernel_share_pct: d.user_s && d.system_s !== undefined ? round((d.system_s / (d.user_s + d.system_s)) * 100, 0) : undefined,
        io_pressure_pct: d.machine.io_pressure_pct,
        ...(timing ? { startup_s: round((timing.node_start_ms + timing.load_modules_ms) / 1000, 2), operation_s: round(timing.operation_ms / 1000, 2) } : {}),
      };
    }
  }
  return out;
}

export function summaryLines(
  dataset: { bytes: number; files: number; changed_bytes: number },
  tools: Record<string, ToolColumn>,
  goals: Record<string, Goal>,
): string[] {
  const mb = (b: number | undefined) => (b === undefined ? '-' : `${round(b / 2 ** 20, 1)} MiB`);
  const s = (x: number | undefined) => (x === undefined ? '-' : `${x} s`);
  const lines = [`dataset: ${mb(dataset.bytes)} in ${dataset.files} files; the incremental run sees ${mb(dataset.changed_bytes)} changed`];
  for (const [name, c] of Object.entries(tools)) {
    if (c.error) lines.push(`${name}: FAILED: ${c.error.split('\n')[0]}`);
    lines.push(
      `${name.padEnd(7)} full ${s(c.full_s)}, incremental ${s(c.incremental_s)} (uploaded ${mb(c.incremental_uploaded_bytes)}, ${c.incremental_upload_ratio ?? '-'} × changed), ` +
        `unchanged ${s(c.noop_s)}, restore ${s(c.restore_s)}${c.verified === undefined ? '' : c.verified ? ' (identical)' : ' (NOT identical)'}; ` +
        `stores ${mb(c.stored_bytes)} in ${c.stored_files ?? '-'} files, peak RSS ${c.peak_rss_mb ?? '-'} MB; cores used ` +
        PHASES.map((p) => `${p} ${c.phases[p]?.cores_used ?? '-'}`).join(', '),
    );
    const load = c.prepare?.load_only as { wall_s: number; peak_rss_mb: number } | undefined;
    if (load) lines.push(`        a process that only loads the library takes ${load.wall_s} s and ${load.peak_rss_mb} MB: every operation above includes that`);
    if (c.verified === false && c.verified_loosely) {
      const v = c.verified_loosely;
      lines.push(`        restore differs: ${c.restore_differences?.[0]}; identical with mtimes within 2 µs: ${v.mtimes_within_2us}, ignoring mtimes: ${v.ignoring_mtimes}`);
    }
  }
  lines.push('goals:');
  for (const g of Object.values(goals)) {
    const verdict = g.met === undefined ? 'not measured' : g.met ? 'met' : 'NOT met';
    lines.push(`  ${g.goal}: ${g.measured ?? '-'}${g.limit !== undefined ? ` (limit ${g.limit})` : ''} — ${verdict}`);
  }
  return lines;
}

/** Runs during which processes not started by the bench used more than `threshold` cores, e.g. "restic full (0.6)". */
export function disturbances(tools: Record<string, ToolColumn>, threshold: number): string[] {
  return Object.entries(tools).flatMap(([name, c]) =>
    Object.entries(c.phases)
      .map(([phase, d]) => [phase, round(d.machine.others_cores + d.machine.unaccounted_cores, 2)] as const)
      .filter(([, others]) => others > threshold)
      .map(([phase, others]) => `${name} ${phase} (${others})`),
  );
}

export function describeSettings(s: {
  bytes: number;
  changePct: number;
  order: string[];
  kopia: string | undefined;
  withKopia: boolean;
  quietWaitS: number;
  quiet: unknown[];
}): Record<string, unknown> {
  return {
    bytes: s.bytes,
    change_pct: s.changePct,
    order: `each phase runs the tools in this order: ${s.order.join(', ')}; phases: full, (change), incremental, noop, restore`,
    kopia: s.kopia
      ? `built from source by scripts/bench-tools.sh --kopia: ${s.kopia}`
      : s.withKopia
        ? 'not built: run `bash scripts/bench-tools.sh --kopia` to add it'
        : 'left out (--kopia=0)',
    quiet_wait_s: s.quietWaitS,
    quiet_before_each_run: s.quiet,
    caches: 'nothing is dropped from the page cache: the dataset was just written and every tool reads it warm',
    disk: 'dataset, repositories, rsync target and restores on the same filesystem (see environment)',
    each_operation: 'a process of its own (Tandem: bench/tandem-datamover.worker.ts under Node with the TypeScript loader, as in the Dockerfile)',
    uploaded_bytes: 'tandem, restic, kopia: bytes of repository files created or rewritten by the run; rsync: "Total bytes sent" of --stats',
    stored_bytes: 'sum of file sizes in the repository (rsync: in the target directory); stored_files: how many files',
    verified: 'restored tree = dataset: paths, types, modes, owners, sizes, mtimes (ns), symlink targets, SHA-256 of contents',
  };
}
