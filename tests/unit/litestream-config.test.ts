import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#lib/config/config.ts';
import { litestreamConfig, litestreamConfigPath, requireLitestream } from '#lib/replication/litestream.ts';

describe("Litestream's configuration, written from ours", () => {
  it('names the replica by environment variable, so no address or credential is written to the file', () => {
    const text = litestreamConfig('/var/lib/undersigned/undersigned.db', { keyPath: '/etc/key', endpoint: 'https://s3.example.org' }, 41000);
    expect(text).toContain('addr: "127.0.0.1:41000"');
    expect(text).toContain('path: "/var/lib/undersigned/undersigned.db"');
    expect(text).toContain('url: "${REPLICA_URL}"');
    expect(text).toContain('key-path: "${REPLICA_KEY_PATH}"');
    expect(text).toContain('endpoint: "${REPLICA_ENDPOINT}"');
    expect(text).toContain('snapshot-interval: 1h');
    expect(text).toContain('retention: 24h');
    expect(text).not.toContain('/etc/key');
    expect(text).not.toContain('s3.example.org');
  });
  it('lives beside the database, hidden', () => {
    expect(litestreamConfigPath('/var/lib/undersigned/undersigned.db')).toBe('/var/lib/undersigned/.undersigned.db-litestream.yml');
  });
  it('refuses replication with a clear message where the Litestream package is not installed', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'undersigned-no-litestream-'));
    writeFileSync(join(elsewhere, 'package.json'), '{}');
    expect(() => requireLitestream(elsewhere)).toThrow(ConfigError);
    expect(() => requireLitestream(elsewhere)).toThrow(/REPLICA_URL is set, but Litestream is not installed: .*@flydotio\/litestream-linux-x64/);
  });
});
