// Preloaded (node -r, or NODE_OPTIONS=--require) when the bench runs with --profile=1: records a V8 CPU profile
// of the whole process and writes it to $BENCH_PROFILE_DIR/<name>-<pid>.cpuprofile on exit. Open it in Chrome
// DevTools (Performance tab) or any .cpuprofile viewer.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const name = process.env.BENCH_PROFILE_NAME || 'node';
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  // The main thread's inspector session answers synchronously, so this works in an 'exit' listener.
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
