// Runs before `npm start`: builds the web app only when its sources are newer than the build,
// so a second start is instant and a fresh checkout still gets a UI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist/web/index.html');
const inputs = ['src/web', 'src/domain', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** The newest modification time under `p` (a file or a directory), 0 when it does not exist. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file only shows as a newer directory
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

let builtAt = 0;
try {
  builtAt = fs.statSync(builtIndex).mtimeMs;
} catch {
  builtAt = 0;
}

const sourcesAt = Math.max(...inputs.map((p) => newestMtime(path.join(root, p))));
if (builtAt > 0 && builtAt >= sourcesAt) process.exit(0);

console.log('Building the web app…');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('The web app did not build; see the errors above.');
  process.exit(result.status ?? 1);
}
