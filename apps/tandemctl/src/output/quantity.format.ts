import type { Progress } from '../http/protect.views';
import { NONE } from './table';

/** `512B`, `1.5KiB`, `3.0GiB`: bytes as a person reads them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${value.toFixed(1)}${units[unit]}`;
}

/** `2/3`, or `-` when nothing reported it. */
export const progressText = (p: Progress | undefined): string => (p ? `${p.done}/${p.total}` : NONE);

/** `1.0MiB/3.0MiB`, or `-`. */
export const bytesText = (p: Progress | undefined): string => (p ? `${formatBytes(p.done)}/${formatBytes(p.total)}` : NONE);
