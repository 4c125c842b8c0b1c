import { runCli } from '../cli/run-cli';
import type { Io } from '../commands/command-context';
import { SERVICES, type ServiceName } from '../config/services';
import { freePortUrl } from './free-port-url';
import { type RecordedService, type Route, startRecordedService } from './recorded-service';

/**
 * Recorded services for tandemctl's tests: one per entry given, and for every other service a URL nothing listens
 * on, each passed as TANDEM_<NAME>_URL. `close()` after each test.
 */
export class RecordedServices {
  private readonly started: RecordedService[] = [];

  async start(services: Partial<Record<ServiceName, Record<string, Route>>>): Promise<{ env: Record<string, string>; svc: Record<string, RecordedService> }> {
    const env: Record<string, string> = {};
    const svc: Record<string, RecordedService> = {};
    for (const { name } of SERVICES) {
      const routes = services[name];
      if (routes) {
        const s = await startRecordedService(routes);
        this.started.push(s);
        svc[name] = s;
        env[`TANDEM_${name.toUpperCase()}_URL`] = s.url;
      } else env[`TANDEM_${name.toUpperCase()}_URL`] = await freePortUrl();
    }
    return { env, svc };
  }

  async close(): Promise<void> {
    await Promise.all(this.started.splice(0).map((s) => s.close()));
  }
}

/** Runs tandemctl in process with what it prints captured, no config file, and a fixed clock. */
export async function runCaptured(argv: string[], env: Record<string, string>, options: { now: Date; stdin?: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), readStdin: async () => options.stdin ?? '', now: () => options.now };
  const code = await runCli(argv, { io, env, home: '/nonexistent-home' });
  return { code, stdout, stderr };
}
