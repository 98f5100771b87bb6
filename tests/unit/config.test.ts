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
});
