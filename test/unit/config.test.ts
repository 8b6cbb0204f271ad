import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config';

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: '',
      smtpUrl: '',
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      importMaxBytes: 1024 ** 3,
      importFileKeepDays: 30,
    });
  });

  it('treats empty strings as not set', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, databaseUrl: '', logLevel: 'info' });
  });

  it('reads the values it is given', () => {
    const config = loadConfig({ PORT: '8080', HOST: 'crm.lan', DATABASE_URL: 'postgresql://u@db/rapport', PUBLIC_URL: 'https://crm.example.com/', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ port: 8080, host: 'crm.lan', databaseUrl: 'postgresql://u@db/rapport', publicUrl: 'https://crm.example.com', logLevel: 'warn' });
    expect(loadConfig({ IMPORT_FILE_KEEP_DAYS: '7' }).importFileKeepDays).toBe(7);
  });

  it('derives the public URL from a specific host and port', () => {
    expect(loadConfig({ HOST: 'crm.lan', PORT: '8080' }).publicUrl).toBe('http://crm.lan:8080');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ PUBLIC_URL: 'crm.example.com' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ IMPORT_MAX_BYTES: '1GB' }, 'IMPORT_MAX_BYTES'],
    [{ IMPORT_MAX_BYTES: '0' }, 'IMPORT_MAX_BYTES'],
    [{ IMPORT_FILE_KEEP_DAYS: '0' }, 'IMPORT_FILE_KEEP_DAYS'],
    [{ IMPORT_FILE_KEEP_DAYS: 'a month' }, 'IMPORT_FILE_KEEP_DAYS'],
  ])('refuses %o with a ConfigError naming %s and the value', (env, name) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as Error).message;
    expect(message).toContain(`${name}=`);
    expect(message).toContain(JSON.stringify(Object.values(env)[0]));
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' })).toThrow(/PORT=.*DATABASE_URL=|DATABASE_URL=.*PORT=/);
  });
});
