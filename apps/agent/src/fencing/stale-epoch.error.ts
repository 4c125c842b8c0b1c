import { TandemError } from '@tandem/service';

/** A command sent under an epoch older than the domain's: refused, not executed, never retried. */
export class StaleEpochError extends TandemError {
  constructor(reason: string) {
    super(reason, { code: 'stale-epoch', retryable: false });
  }
}
