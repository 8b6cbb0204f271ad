import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Environment variables Rapport reads; every one is optional (DESIGN.md, "Configuration"). */
const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  DATABASE_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v), 'must be empty (SQLite) or a postgres:// URL'),
  SMTP_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || /^smtps?:\/\//.test(v), 'must be empty (outbox) or an smtp:// or smtps:// URL'),
  PUBLIC_URL: z
    .string()
    .default('')
    .refine((v) => v === '' || URL.canParse(v), 'must be an absolute URL such as https://crm.example.com'),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
  IMPORT_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(1, 'must be at least 1 byte')
    .default(1024 ** 3),
  IMPORT_FILE_KEEP_DAYS: z.coerce
    .number({ error: 'must be a number of days' })
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(3650, 'must be at most 3650 days')
    .default(30),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  smtpUrl: string;
  publicUrl: string;
  logLevel: (typeof logLevels)[number];
  /** The largest file an import accepts (bytes). */
  importMaxBytes: number;
  /** Days an uploaded import file is kept after its import has finished (the import's record stays). */
  importFileKeepDays: number;
};

/** Thrown for a bad environment value; main.ts prints its one-line message and exits. */
export class ConfigError extends Error {}

/** Reads and validates the environment; empty strings count as "not set". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]])),
  );
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(given[name] ?? '')} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const publicUrl = e.PUBLIC_URL || `http://${['0.0.0.0', '127.0.0.1', '::'].includes(e.HOST) ? 'localhost' : e.HOST}:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importFileKeepDays: e.IMPORT_FILE_KEEP_DAYS,
  };
}
