import { runBusBench } from './bus.bench';
import { runDatamoverBench } from './datamover.bench';
import { runFailoverBench } from './failover.bench';
import { UsageError } from './flags';
import { runProtectBench } from './protect.bench';
import { runSchedulerBench } from './scheduler.bench';

// `npm run bench -- <name> [--key=value ...]`: runs one benchmark and writes bench/results/<name>.json.

const BENCHES: Record<string, (flags: Record<string, string>) => Promise<void>> = {
  bus: runBusBench,
  datamover: runDatamoverBench,
  failover: runFailoverBench,
  protect: runProtectBench,
  scheduler: runSchedulerBench,
};

async function main(): Promise<void> {
  const [name, ...rest] = process.argv.slice(2);
  const bench = name ? BENCHES[name] : undefined;
  if (!bench) {
    process.stderr.write(
      `${name ? `unknown bench "${name}"` : 'no bench named'}; the benches are: ${Object.keys(BENCHES).join(', ')}\n` +
        'usage: npm run bench -- <bench> [--key=value ...]\n',
    );
    process.exit(2);
  }
  const flags: Record<string, string> = {};
  for (const arg of rest) {
    const m = /^--([a-z][a-z-]*)=(.*)$/.exec(arg);
    if (!m) throw new UsageError(`cannot read the argument "${arg}": expected --key=value`);
    flags[m[1]!] = m[2]!;
  }
  await bench(flags);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    const detail = err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`bench failed: ${detail}\n`);
    process.exit(1);
  },
);
