/**
 * The production server. `astro build` bundles this file, with the pages and the whole domain,
 * into dist/server/entry.mjs in place of the Node adapter's own entry (see astro.config.mjs), so
 * `node dist/server/entry.mjs`, `npm start` and the tests all run the same server (serve.ts).
 */
import { fileURLToPath } from 'node:url';

// better-sqlite3 13 crashes on Node 20 without a word: check before anything loads it.
if (Number(process.versions.node.split('.')[0]) < 22) {
  process.stderr.write(
    `undersigned needs Node.js 24 (this is ${process.version}). \`npm install\` puts it in node_modules/.bin:\n` +
      `run \`npm start\`, or \`node_modules/.bin/node dist/server/entry.mjs\`.\n`,
  );
  process.exit(1);
}

const { runServer } = await import('./serve.ts');
// Built, this module is dist/server/entry.mjs: the project's root is two folders up.
await runServer(fileURLToPath(new URL('../../', import.meta.url)));
