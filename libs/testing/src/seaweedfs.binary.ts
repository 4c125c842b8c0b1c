import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from './executable.util';
import { toolGoMod } from './repo.paths';

const TOOLS_GO_MOD = toolGoMod('seaweedfs');
import { toolsDir } from './testing.config';

const SEAWEEDFS_MODULE = 'github.com/seaweedfs/seaweedfs';

/** The SeaweedFS version pinned in tools/seaweedfs/go.mod (a pseudo-version, e.g. `v0.0.0-20261109003541-7506e5f91cd6`). */
export function pinnedSeaweedfsVersion(): string {
  let goMod: string;
  try {
    goMod = readFileSync(TOOLS_GO_MOD, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${TOOLS_GO_MOD} to learn the pinned SeaweedFS version: ${(error as Error).message}`);
  }
  const escaped = SEAWEEDFS_MODULE.replace(/[.\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`${TOOLS_GO_MOD} does not require ${SEAWEEDFS_MODULE}; restore the pin`);
  return match[1];
}

/**
 * Path of the SeaweedFS `weed` binary that scripts/tools.sh built into the tools cache at the pinned version.
 * Throws, saying what to do, when it is not there.
 */
export function seaweedfsBinary(): string {
  const version = pinnedSeaweedfsVersion();
  const binary = join(toolsDir(), `weed-${version}`, 'weed');
  if (!isExecutable(binary)) {
    throw new Error(
      `SeaweedFS ${version} (pinned in tools/seaweedfs/go.mod), the S3 server of the object store tests, has not been built: ` +
        `expected ${binary}. Run \`npm run tools\` to build it from source with Go (the first build takes a few minutes).`,
    );
  }
  return binary;
}
