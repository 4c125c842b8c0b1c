import { parseArgv } from '../cli/argv';
import { parseConfigFile } from './config-file';
import { configPathOf, resolveConfig } from './tandemctl.config';

const FILE = parseConfigFile(
  '/home/me/.config/tandem/config.yaml',
  `current-context: primary
contexts:
  primary:
    namespace: appns
    scheduler: http://primary.example:8080/
    failover: http://primary.example:8081
  dr-site:
    scheduler: http://dr.example:8080
`,
);

describe('tandemctl configuration', () => {
  it('takes the flag over the environment over the context over the default', () => {
    const path = FILE.path;
    const flag = resolveConfig(parseArgv(['get', '--scheduler-url', 'http://flag:1']), { TANDEM_SCHEDULER_URL: 'http://env:2' }, FILE, path);
    expect(flag.endpoints.scheduler).toEqual({ service: 'scheduler', url: 'http://flag:1', source: '--scheduler-url' });
    const env = resolveConfig(parseArgv(['get']), { TANDEM_SCHEDULER_URL: 'http://env:2' }, FILE, path);
    expect(env.endpoints.scheduler).toEqual({ service: 'scheduler', url: 'http://env:2', source: 'TANDEM_SCHEDULER_URL' });
    const context = resolveConfig(parseArgv(['get']), {}, FILE, path);
    expect(context).toEqual(expect.objectContaining({ context: 'primary', namespace: 'appns' }));
    expect(context.endpoints.scheduler).toEqual({ service: 'scheduler', url: 'http://primary.example:8080', source: `context "primary" of ${path}` });
    expect(context.endpoints.failover).toEqual({ service: 'failover', url: 'http://primary.example:8081', source: `context "primary" of ${path}` });
    const none = resolveConfig(parseArgv(['get']), {}, undefined, path);
    expect(none.namespace).toBe('default');
    expect(Object.values(none.endpoints).map((e) => `${e.service} ${e.url} (${e.source})`)).toEqual([
      'scheduler http://127.0.0.1:8080 (the default)',
      'failover http://127.0.0.1:8081 (the default)',
      'snapshot http://127.0.0.1:8082 (the default)',
      'replication http://127.0.0.1:8083 (the default)',
      'migration http://127.0.0.1:8084 (the default)',
      'coordinator http://127.0.0.1:8085 (the default)',
    ]);
  });

  it("takes every service's URL the same way: --<name>-url, then TANDEM_<NAME>_URL", () => {
    const config = resolveConfig(
      parseArgv(['get', '--coordinator-url', 'http://flag:5']),
      { TANDEM_COORDINATOR_URL: 'http://env:5', TANDEM_SNAPSHOT_URL: 'http://env:2', TANDEM_REPLICATION_URL: 'http://env:3' },
      FILE,
      FILE.path,
    );
    expect(config.endpoints.coordinator).toEqual({ service: 'coordinator', url: 'http://flag:5', source: '--coordinator-url' });
    expect(config.endpoints.snapshot).toEqual({ service: 'snapshot', url: 'http://env:2', source: 'TANDEM_SNAPSHOT_URL' });
    expect(config.endpoints.replication.url).toBe('http://env:3');
    expect(config.endpoints.migration).toEqual({ service: 'migration', url: 'http://127.0.0.1:8084', source: 'the default' });
  });

  it('chooses the context by flag, then TANDEM_CONTEXT, and names the ones there are when it does not exist', () => {
    expect(resolveConfig(parseArgv(['get', '--context', 'dr-site']), {}, FILE, FILE.path).endpoints.scheduler.url).toBe('http://dr.example:8080');
    expect(resolveConfig(parseArgv(['get', '-n', 'other']), { TANDEM_CONTEXT: 'dr-site' }, FILE, FILE.path).namespace).toBe('other');
    expect(() => resolveConfig(parseArgv(['get', '--context', 'dr']), {}, FILE, FILE.path)).toThrow(`no context "dr" in ${FILE.path} (it has "primary", "dr-site")`);
  });

  it('finds the file by flag, TANDEM_CONFIG, XDG_CONFIG_HOME, then the home directory', () => {
    expect(configPathOf(parseArgv(['get', '--config', '/c.yaml']), { TANDEM_CONFIG: '/e.yaml' }, '/home/me')).toEqual({ path: '/c.yaml', explicit: true });
    expect(configPathOf(parseArgv(['get']), { TANDEM_CONFIG: '/e.yaml' }, '/home/me')).toEqual({ path: '/e.yaml', explicit: true });
    expect(configPathOf(parseArgv(['get']), { XDG_CONFIG_HOME: '/xdg' }, '/home/me')).toEqual({ path: '/xdg/tandem/config.yaml', explicit: false });
    expect(configPathOf(parseArgv(['get']), {}, '/home/me')).toEqual({ path: '/home/me/.config/tandem/config.yaml', explicit: false });
  });

  it('refuses a URL that is not one, and a config file field it does not know, saying where', () => {
    expect(() => resolveConfig(parseArgv(['get']), { TANDEM_SCHEDULER_URL: 'primary:8080' }, undefined, 'x')).toThrow('primary:8080 (from TANDEM_SCHEDULER_URL) is not an http:// or https:// URL');
    expect(() => parseConfigFile('/c.yaml', 'contexts:\n  a:\n    schedular: http://x\n')).toThrow(
      'config file /c.yaml: contexts.a.schedular: unknown field; did you mean scheduler? (a context has namespace, scheduler, failover, snapshot, replication, migration, coordinator)',
    );
    expect(() => parseConfigFile('/c.yaml', 'current-contex: a\n')).toThrow('config file /c.yaml: current-contex: unknown field; did you mean current-context?');
  });
});
