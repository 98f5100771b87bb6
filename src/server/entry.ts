/**
 * The production server. `astro build` bundles this file, with the pages and the whole domain,
 * into dist/server/entry.mjs in place of the Node adapter's own entry (see astro.config.mjs).
 * So `node dist/server/entry.mjs`, `npm start` and the tests all run the same full server: one
 * process, whose first thread migrates, sends mail and keeps house, and whose other HTTP threads
 * start from this same module (see run-server.ts), each with one configuration and one database
 * connection.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// better-sqlite3 13 crashes on Node 20 without a word: check before anything loads it.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `undersigned needs Node.js 24 (this is ${process.version}). \`npm install\` puts it in node_modules/.bin:\n` +
      `run \`npm start\`, or \`node_modules/.bin/node dist/server/entry.mjs\`.\n`,
  );
  process.exit(1);
}

// Built, this module is dist/server/entry.mjs: the project's root is two folders up.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { runServer } = await import('./run-server.ts');
// The server's other HTTP threads start from this same module (see run-server.ts).
await runServer(root, new URL(import.meta.url));
