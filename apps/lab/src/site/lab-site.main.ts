import { isPlatformError } from '@tandem/platform';
import { UsageError, parseArgs } from './cli-args';
import * as commands from './lab-site.commands';

/**
 * `lab-site`: make, serve and use a lab site (a Kubernetes-like site on this machine, see
 * libs/platform/src/lab/README.md). Run with `node -r ./scripts/register.cjs apps/lab/src/site/lab-site.main.ts`.
 */
const USAGE = `usage: lab-site <command> <site-dir> [options]

  create <dir> [--name N] [--backoff 10s] [--max-backoff 5m]   make a new site
  serve <dir> [--port P] [--stop-pods]      serve it in the foreground; on SIGTERM/SIGINT pods keep running
                                            (re-adopted by the next serve) unless --stop-pods
  stop <dir> [--keep-pods]                  stop its server and its pods' processes
  apply <dir> -f file.yaml [-n ns] [--field-manager M] [--force-conflicts] [--dry-run]
  get <dir> <kind> [name] [-n ns | -A] [-l k=v] [-o yaml|json]
  delete <dir> <kind> <name> [-n ns]
  scale <dir> <kind> <name> --replicas N [-n ns]
  status <dir> <kind> <name> [-n ns]        desired/current/ready replicas of a workload
  exec <dir> -l k=v [-n ns] [--single] [-c container] [--timeout 60s] -- command args...
  volumes <dir> [-n ns]                     where the data of the namespace's claims lives
`;

const VALUED = ['--name', '--backoff', '--max-backoff', '--port', '-f', '--filename', '-n', '--namespace', '--field-manager', '-o', '-l', '--replicas', '--timeout', '-c'];
const SWITCHES = ['--stop-pods', '--keep-pods', '--force-conflicts', '--dry-run', '-A', '--single', '-h', '--help'];
const COMMANDS: Record<string, (args: ReturnType<typeof parseArgs>, out: commands.Out) => Promise<number>> = {
  create: commands.createCommand,
  serve: commands.serveCommand,
  stop: commands.stopCommand,
  apply: commands.applyCommand,
  get: commands.getCommand,
  delete: commands.deleteCommand,
  scale: commands.scaleCommand,
  status: commands.statusCommand,
  exec: commands.execCommand,
  volumes: commands.volumesCommand,
};

const out = (text: string): void => void process.stdout.write(text);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (!run) {
    out(USAGE);
    return command === undefined || command === '-h' || command === '--help' ? 0 : 2;
  }
  const args = parseArgs(rest, VALUED, SWITCHES);
  if (args.switches.has('-h') || args.switches.has('--help')) {
    out(USAGE);
    return 0;
  }
  return run(args, out);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`lab-site: ${error.message}\n\n${USAGE}`);
    else if (isPlatformError(error)) process.stderr.write(`lab-site: ${error.reason}: ${error.message}\n`);
    else process.stderr.write(`lab-site: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
