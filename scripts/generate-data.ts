// `npm run data`: regenerate the demo data set into data/ (or the directory given
// with --out). Deterministic: the same sources give the same bytes every run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDataSet } from './data/dataset.ts';

const outArg = process.argv.indexOf('--out');
const outDir = resolve(outArg >= 0 ? process.argv[outArg + 1] : new URL('../data', import.meta.url).pathname);
const started = Date.now();
const files = buildDataSet();
mkdirSync(outDir, { recursive: true });
let raw = 0;
let gz = 0;
for (const [name, bytes] of files) {
  writeFileSync(resolve(outDir, name), bytes);
  const g = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += g;
  console.log(`${name.padEnd(22)} ${String(bytes.length).padStart(10)} B  gzip ${String(g).padStart(9)} B`);
}
console.log(
  `${'total'.padEnd(22)} ${String(raw).padStart(10)} B  gzip ${String(gz).padStart(9)} B  (${((Date.now() - started) / 1000).toFixed(1)} s) → ${outDir}`,
);
