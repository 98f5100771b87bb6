import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '#lib/config/config.ts';

describe('configuration from the environment', () => {
  it('runs on embedded defaults with nothing set', () => {
    const config = readConfig({});
    expect(config.siteUrl.href).toBe('http://localhost:4321/');
    expect(config.databasePath).toBe('./data/undersigned.db');
    expect(config.port).toBe(4321);
    expect(config.hsts).toBe(false);
  });
  it('refuses to run in production without SITE_URL, saying what to set', () => {
    expect(() => readConfig({ NODE_ENV: 'production' })).toThrow(/SITE_URL is required/);
  });
  it('names each invalid variable', () => {
    expect(() => readConfig({ PORT: 'eighty', SITE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
  it('turns on HSTS in production over https', () => {
    expect(readConfig({ NODE_ENV: 'production', SITE_URL: 'https://letter.example.org', SMTP_URL: 'smtps://u:p@smtp.example.org', MAIL_FROM: 'Letter <l@example.org>' }).hsts).toBe(true);
  });
  it('refuses to run in production without a mail server, and keeps mail locally in development', () => {
    expect(() => readConfig({ NODE_ENV: 'production', SITE_URL: 'https://letter.example.org' })).toThrow(/SMTP_URL is required/);
    expect(readConfig({}).mail.transport).toBe('dev-mailbox');
    expect(readConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }).mail).toMatchObject({ transport: 'smtp', url: 'smtp://127.0.0.1:2525' });
  });
  it('replicates only when REPLICA_URL is set, to a file, sftp or s3 replica', () => {
    expect(readConfig({}).replica).toBeUndefined();
    expect(readConfig({ REPLICA_URL: 'sftp://backup@10.0.0.2:22/undersigned', REPLICA_KEY_PATH: '/etc/undersigned/replica_key' }).replica).toEqual({
      url: 'sftp://backup@10.0.0.2:22/undersigned',
      keyPath: '/etc/undersigned/replica_key',
      endpoint: undefined,
      maxLagSeconds: 60,
    });
    expect(readConfig({ REPLICA_URL: 's3://bucket/site', REPLICA_ENDPOINT: 'https://s3.example.org', REPLICA_MAX_LAG_SECONDS: '120' }).replica).toMatchObject({ endpoint: 'https://s3.example.org', maxLagSeconds: 120 });
    expect(() => readConfig({ REPLICA_URL: '/mnt/backup' })).toThrow(/REPLICA_URL must be a Litestream replica URL/);
    expect(() => readConfig({ REPLICA_URL: 'file:///mnt/backup', REPLICA_MAX_LAG_SECONDS: '0' })).toThrow(/REPLICA_MAX_LAG_SECONDS/);
  });
});
