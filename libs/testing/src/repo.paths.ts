import { join, resolve } from 'node:path';

/** The root of the Tandem clone these sources were loaded from. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Preload that runs TypeScript sources directly (`node -r <this> file.ts`). */
export const REGISTER_SCRIPT = join(REPO_ROOT, 'scripts', 'register.cjs');

/** The Go module that pins the tools scripts/tools.sh builds. */
/** The Go module that pins one tool: tools/<tool>/go.mod. */
export const toolGoMod = (tool: 'nats-server' | 'seaweedfs'): string => join(REPO_ROOT, 'tools', tool, 'go.mod');
