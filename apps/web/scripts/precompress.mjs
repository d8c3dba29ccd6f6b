/*
 * Writes a Brotli (.br) and a gzip (.gz) copy next to every text asset of the built web app, so
 * the server sends the 850 kB script as ~200 kB without compressing it on each request (its static
 * handler picks the copy the browser accepts). Run after `vite build`: node scripts/precompress.mjs dist
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|md|txt|map)$/;
/** Below this a compressed copy saves less than the response headers it adds. */
const MIN_BYTES = 1024;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* files(full);
    } else {
      yield full;
    }
  }
}

const root = path.resolve(process.argv[2] ?? 'dist');
let count = 0;
let before = 0;
let after = 0;
for await (const file of files(root)) {
  if (!COMPRESSIBLE.test(file) || (await stat(file)).size < MIN_BYTES) {
    continue;
  }
  const bytes = await readFile(file);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  await writeFile(`${file}.br`, br);
  await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  count += 1;
  before += bytes.length;
  after += br.length;
}
process.stdout.write(
  `precompressed ${count} files: ${(before / 1024).toFixed(0)} kB → ${(after / 1024).toFixed(0)} kB (Brotli)\n`,
);
