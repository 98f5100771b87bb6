import { describe, expect, it } from 'vitest';
import { litestreamConfig, litestreamConfigPath } from '#lib/replication/litestream.ts';

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
});
