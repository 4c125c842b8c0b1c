import { loadConfig } from './config';
import { runProtectStory } from './protect.story';
import { runSelfTestStory } from './selftest.story';

// `npm run lab`: the two-site protect story. `npm run lab -- selftest`: the control-plane self-test saga alone.

const USAGE = 'usage: npm run lab [-- protect | selftest]\n';

async function main(): Promise<number> {
  const [story = 'protect', ...rest] = process.argv.slice(2);
  if (rest.length > 0 || !['protect', 'selftest'].includes(story)) {
    process.stderr.write(`lab: unknown arguments "${process.argv.slice(2).join(' ')}"\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  return story === 'selftest' ? runSelfTestStory(config) : runProtectStory(config);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`lab failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
