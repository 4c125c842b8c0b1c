import { resolve } from 'node:path';
import { env, readConfig } from '@tandem/service';

/** The lab's settings: everything is optional; what is not given is started locally under the lab directory. */
export const loadConfig = (source: NodeJS.ProcessEnv = process.env) => {
  const c = readConfig(
    {
      databaseUrl: env.url('TANDEM_DATABASE_URL', { protocols: ['postgres', 'postgresql'], optional: true }),
      natsUrl: env.url('TANDEM_NATS_URL', { protocols: ['nats', 'tls'], optional: true }),
      labDir: env.str('TANDEM_LAB_DIR', { default: '.lab' }),
      fault: env.enum('TANDEM_LAB_FAULT', ['none', 'fail', 'hang'], { default: 'none' }),
      /** The protect story stops after this many successful migrations. */
      migrations: env.int('TANDEM_LAB_MIGRATIONS', { default: 4, min: 1, max: 100 }),
      /** Where PostgreSQL's binaries are looked for (with /usr/lib/postgresql/<major>/bin). */
      path: env.str('PATH', { default: '' }),
    },
    source,
  );
  return { ...c, labDir: resolve(c.labDir) };
};
export type LabConfig = ReturnType<typeof loadConfig>;
