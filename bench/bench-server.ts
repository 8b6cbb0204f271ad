/**
 * What every HTTP benchmark needs: Rapport started as its own process (as `npm start` runs it),
 * a wait until it answers, a clean stop, and a signed-in JSON client.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Starts `src/server/main.ts` on `port`, reached at `base`, with the given environment (LOG_LEVEL=warn).
 * BENCH_NODE_ARGS adds node flags to the server only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`,
 * which NODE_OPTIONS refuses).
 */
export function startServer(env: Record<string, string>, port: number, base: string): ChildProcess {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn', PUBLIC_URL: base },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Resolves once `/healthz` answers 200 (migrations on a big database can take minutes). */
export async function waitUp(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

export async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}

/** A JSON client that keeps the session cookie it is given (set-up or sign-in) and sends a same-site Origin. */
export function apiClient(base: string) {
  let cookie = '';
  return {
    /** Forgets the session, e.g. after the server restarted on another database. */
    reset() {
      cookie = '';
    },
    async call(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
      const res = await fetch(`${base}${url}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), origin: base },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const setCookie = res.headers.get('set-cookie');
      if (setCookie && !cookie) cookie = setCookie.split(';')[0]!;
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
  };
}
