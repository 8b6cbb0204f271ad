// `npm test`: the API and unit tests (each API test on SQLite and PostgreSQL), then the
// browser tests in Debian's Chromium against a freshly built app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const ci = process.env.CI === 'true';

function run(label, command, args, env = {}) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    console.error(`\n✖ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

run('Type check', 'npx', ['tsc', '--noEmit']);
run('API and unit tests (SQLite and PostgreSQL)', 'npx', ['vitest', 'run']);

if (!fs.existsSync('/usr/bin/chromium')) {
  const message = 'Debian chromium is not installed at /usr/bin/chromium: browser tests SKIPPED (apt-get install chromium)';
  if (ci) {
    console.error(`✖ ${message}`);
    process.exit(1);
  }
  console.warn(`\n⚠⚠⚠ ${message} ⚠⚠⚠\n`);
} else {
  run('Build the web app', 'node', ['scripts/build-web-if-needed.mjs']);
  // A port nobody holds, so a dev server or another checkout's test run cannot collide with this one.
  const port = process.env.E2E_PORT ?? String(await freePort());
  run('Browser tests (Chromium)', 'npx', ['playwright', 'test'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', E2E_PORT: port });
}
console.log('\n✔ all tests passed');

/** A TCP port the system reports free right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
