import { ConfigError, env, readConfig } from './config';

const spec = {
  port: env.int('TANDEM_HTTP_PORT', { default: 8080, min: 1, max: 65535 }),
  natsUrl: env.url('TANDEM_NATS_URL', { protocols: ['nats', 'tls'] }),
  site: env.str('TANDEM_SITE'),
  logLevel: env.enum('TANDEM_LOG_LEVEL', ['debug', 'info', 'warn', 'error'], { default: 'info' }),
  fenced: env.bool('TANDEM_FENCED', { default: false }),
  otlp: env.url('TANDEM_OTLP_ENDPOINT', { protocols: ['http', 'https'], optional: true }),
  password: env.str('TANDEM_DB_PASSWORD', { secret: true, optional: true }),
  workers: env.int('TANDEM_WORKERS', { min: 1, optional: true }),
};

describe('readConfig', () => {
  it('returns typed values, defaults for unset or empty variables, undefined for unset optional ones', () => {
    const config = readConfig(spec, { TANDEM_NATS_URL: 'nats://localhost:4222', TANDEM_SITE: 'primary', TANDEM_HTTP_PORT: '', TANDEM_FENCED: 'yes' });
    expect(config).toEqual({
      port: 8080, natsUrl: 'nats://localhost:4222', site: 'primary', logLevel: 'info', fenced: true,
      otlp: undefined, password: undefined, workers: undefined,
    });
    const port: number = config.port;
    const level: 'debug' | 'info' | 'warn' | 'error' = config.logLevel;
    const otlp: string | undefined = config.otlp;
    expect([port, level, otlp]).toHaveLength(3);
  });

  it('lists every bad variable with the value seen and what is expected, in one error', () => {
    const source = {
      TANDEM_HTTP_PORT: 'abc', TANDEM_NATS_URL: 'http://localhost:4222', TANDEM_LOG_LEVEL: 'loud', TANDEM_FENCED: 'maybe',
      TANDEM_DB_PASSWORD: 'hunter2', TANDEM_WORKERS: '0',
    };
    let error: unknown;
    try {
      readConfig(spec, source);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      [
        'Invalid configuration (6 problems):',
        '  - TANDEM_HTTP_PORT="abc": expected an integer from 1 to 65535',
        '  - TANDEM_NATS_URL="http://localhost:4222": expected a URL with protocol nats: or tls: (e.g. nats://host:port)',
        '  - TANDEM_SITE is not set: expected a non-empty string',
        '  - TANDEM_LOG_LEVEL="loud": expected one of debug, info, warn, error',
        '  - TANDEM_FENCED="maybe": expected true or false (or 1/0, yes/no, on/off)',
        '  - TANDEM_WORKERS="0": expected an integer of at least 1',
        'Set these environment variables correctly and start the process again.',
      ].join('\n'),
    );
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it('never shows the value of a secret', () => {
    const secret = { token: env.str('TANDEM_TOKEN', { secret: true }), ratio: env.int('TANDEM_RATIO', { secret: true, max: 10 }) };
    expect(() => readConfig(secret, { TANDEM_TOKEN: 's3cr3t', TANDEM_RATIO: '99' })).toThrow('TANDEM_RATIO=<hidden>: expected an integer of at most 10');
  });

  it('rejects integers with junk, fractions and out-of-range values', () => {
    const n = { n: env.int('N', { min: -5, max: 5 }) };
    for (const bad of ['1.5', '3x', '0x1', '6', '-6', '99999999999999999999']) {
      expect(() => readConfig(n, { N: bad })).toThrow(`N=${JSON.stringify(bad)}: expected an integer from -5 to 5`);
    }
    expect(readConfig(n, { N: ' -5 ' })).toEqual({ n: -5 });
  });

  it('reads process.env by default', () => {
    process.env['TANDEM_TEST_CONFIG_VALUE'] = 'from-process';
    try {
      expect(readConfig({ v: env.str('TANDEM_TEST_CONFIG_VALUE') })).toEqual({ v: 'from-process' });
    } finally {
      delete process.env['TANDEM_TEST_CONFIG_VALUE'];
    }
  });
});
