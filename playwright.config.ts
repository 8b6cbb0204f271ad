import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Each run starts the real server on a fresh data directory, so the first-run set-up page is shown.
const dataDir = process.env.E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
const port = Number(process.env.E2E_PORT ?? 3301);

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI === 'true' ? 'list' : [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  // The foundation story sets Rapport up on the fresh server; the client records story signs in
  // as its owner, so it runs after it (run alone, clients.spec.ts sets Rapport up itself).
  projects: [
    { name: 'desktop', testIgnore: /(clients|activity|activity-edit|dashboard|health|export|import|duplicates)\.spec\.ts/, use: { viewport: { width: 1280, height: 800 } } },
    { name: 'clients', testMatch: /clients\.spec\.ts/, dependencies: ['desktop'], use: { viewport: { width: 1280, height: 800 } } },
    // The client 360 story (timeline, My tasks, orders) signs in as the same owner, after the client records story.
    { name: 'activity', testMatch: /activity\.spec\.ts/, dependencies: ['clients'], use: { viewport: { width: 1280, height: 800 } } },
    // Editing and deleting a client's history, as the same owner, after the client 360 story.
    { name: 'activity-edit', testMatch: /activity-edit\.spec\.ts/, dependencies: ['activity'], use: { viewport: { width: 1280, height: 800 } } },
    // The morning dashboard and the reports, as the same owner, after the history edits.
    { name: 'dashboard', testMatch: /dashboard\.spec\.ts/, dependencies: ['activity-edit'], use: { viewport: { width: 1280, height: 800 } } },
    // Health settings with the preview, a client's explanation and the alerts inbox, as the same owner, after the dashboard.
    { name: 'health', testMatch: /health\.spec\.ts/, dependencies: ['dashboard'], use: { viewport: { width: 1280, height: 800 } } },
    // Exports from the client list (direct CSV download, background export with contacts), as the same owner, after health.
    { name: 'export', testMatch: /export\.spec\.ts/, dependencies: ['health'], use: { viewport: { width: 1280, height: 800 } } },
    // The import wizard (upload, mapping, dry run, import, undo from the history), as the same owner, after exports.
    { name: 'import', testMatch: /import\.spec\.ts/, dependencies: ['export'], use: { viewport: { width: 1280, height: 800 } } },
    // The duplicates review (scan, compare, preview, merge, undo, not a duplicate, rules), as the same owner, after imports.
    { name: 'duplicates', testMatch: /duplicates\.spec\.ts/, dependencies: ['import'], use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: 'node --import tsx src/server/main.ts',
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', PUBLIC_URL: `http://localhost:${port}` },
  },
});
