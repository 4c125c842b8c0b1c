import type { ExecResult, Platform } from '@tandem/platform';
import { APP_NAMESPACE } from './two-site.plan';

/** Runs SQL with psql in the application's pg pod (as postgres, over its socket); returns the unaligned output, trimmed. */
export async function psqlIn(platform: Platform, sql: string): Promise<string> {
  const [result]: (ExecResult | undefined)[] = await platform.exec({
    namespace: APP_NAMESPACE,
    podSelector: { matchLabels: { app: 'pg' } },
    command: ['psql', '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql],
    single: true,
    timeoutMs: 30_000,
  });
  if (!result) throw new Error(`no pg pod in ${APP_NAMESPACE} to run psql in`);
  if (result.exitCode !== 0) throw new Error(`psql -c ${JSON.stringify(sql)} in pod ${result.pod} failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout.trim();
}
