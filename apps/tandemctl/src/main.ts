import { homedir } from 'node:os';
import { runCli } from './cli/run-cli';
import type { Io } from './commands/command-context';

/**
 * tandemctl, Tandem's command line: `node -r ./scripts/register.cjs apps/tandemctl/src/main.ts <command>`, or
 * apps/tandemctl/bin/tandemctl. The only reader of process.env and of the process's streams.
 */
const io: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  now: () => new Date(),
};

void runCli(process.argv.slice(2), { io, env: process.env, home: homedir() }).then((code) => {
  process.exitCode = code;
});
