import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExecutable } from './executable.util';
import { toolGoMod } from './repo.paths';

const TOOLS_GO_MOD = toolGoMod('nats-server');
import { natsServerBinOverride, toolsDir } from './testing.config';

const NATS_SERVER_MODULE = 'github.com/nats-io/nats-server/v2';

/** The nats-server version pinned in tools/nats-server/go.mod, e.g. `v2.12.7`. */
export function pinnedNatsServerVersion(): string {
  let goMod: string;
  try {
    goMod = readFileSync(TOOLS_GO_MOD, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${TOOLS_GO_MOD} to learn the pinned nats-server version: ${(error as Error).message}`);
  }
  const escaped = NATS_SERVER_MODULE.replace(/[.\\/]/g, '\\$&');
  const match = new RegExp(`^\\s*(?:require\\s+)?${escaped}\\s+(v\\S+)`, 'm').exec(goMod);
  if (!match?.[1]) throw new Error(`${TOOLS_GO_MOD} does not require ${NATS_SERVER_MODULE}; restore the pin`);
  return match[1];
}

/**
 * Path of the nats-server the tests run: `TANDEM_NATS_SERVER_BIN` if set, else the pinned version that
 * scripts/tools.sh built into the tools cache. Throws, saying what to do, when it is not there.
 */
export function natsServerBinary(): string {
  const override = natsServerBinOverride();
  if (override) {
    if (!isExecutable(override)) {
      throw new Error(`TANDEM_NATS_SERVER_BIN is set to ${override}, but there is no executable file there; fix or unset it`);
    }
    return override;
  }
  const version = pinnedNatsServerVersion();
  const binary = join(toolsDir(), `nats-server-${version}`, 'nats-server');
  if (!isExecutable(binary)) {
    throw new Error(
      `nats-server ${version} (pinned in tools/nats-server/go.mod) has not been built: expected ${binary}. ` +
        'Run `npm run tools` to build it from source with Go, or set TANDEM_NATS_SERVER_BIN to a nats-server binary.',
    );
  }
  return binary;
}
