import { createHash } from 'node:crypto';
import { PolicyType } from '../policy/policy-type';
import { validInstant } from '../time/instant';
import { DNS1123_LABEL_MAX } from '../validation/kubernetes-names';

const HASH_LENGTH = 8;

/**
 * The name of the migration a schedule starts for one fire time: `<schedule>-<policy type>-<YYYY-MM-DD-HHMMSS>`,
 * e.g. `migrationschedule-interval-2019-06-17-190118`, the shape Stork uses (its layout "2006-01-02-150405"), with
 * the timestamp in UTC (Stork used the node's local time).
 *
 * Pass the fire time (`DueRun.fireAt`), not the clock: the name is then a pure function of the schedule and the
 * slot, so replicas racing to start the same run produce the same name and only one create succeeds.
 *
 * The result is a DNS-1123 label (at most 63 characters of a-z, 0-9 and '-'), so it is valid as an object name and
 * as a label value, where migration names also go. A schedule name that is too long, or has characters a label
 * cannot hold (upper case, '.'), is lower-cased, cut and followed by 8 hex digits of the SHA-256 of the whole
 * name, so two different long names still give different migration names.
 */
export function migrationName(scheduleName: string, policyType: PolicyType, firedAt: Date): string {
  const suffix = `-${policyType}-${utcStamp(validInstant(firedAt, 'firedAt'))}`;
  const room = DNS1123_LABEL_MAX - suffix.length;
  const cleaned = scheduleName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (cleaned === scheduleName && cleaned.length > 0 && cleaned.length <= room) return `${scheduleName}${suffix}`;
  const hash = createHash('sha256').update(scheduleName).digest('hex').slice(0, HASH_LENGTH);
  const head = cleaned.slice(0, room - HASH_LENGTH - 1).replace(/-+$/, '');
  return `${head ? `${head}-` : ''}${hash}${suffix}`;
}

/** `YYYY-MM-DD-HHMMSS` in UTC. */
function utcStamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2019-06-17T19:01:18.000Z
  return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
