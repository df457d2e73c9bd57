// Serves the generated data set in data/ at /data/ in `vite dev` and `vite preview`,
// and copies it into dist/data/ on build. The data lives at the repository root
// (beside the script that makes it) rather than in public/, so that regenerating it
// never mixes with hand-made static files.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.bin': 'application/octet-stream',
  // Sent as they are, with no Content-Encoding, as any static server does: the app decodes them (src/data/transfer.ts).
  '.gz': 'application/gzip',
};

/** Files of data/ that the app fetches: the manifest and the files it lists (not the plain copies, the README or sources). */
export function listDataFiles(dataDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as { layers: { file: string; chunks?: { file: string }[] }[] };
  const listed = manifest.layers.flatMap((l) => [l.file, ...(l.chunks ?? []).map((c) => c.file)]);
  const present = new Set(readdirSync(dataDir));
  const missing = listed.filter((name) => !present.has(name));
  if (missing.length > 0) throw new Error(`data/manifest.json lists files that are not in data/: ${missing.join(', ')} (run npm run data)`);
  return ['manifest.json', ...listed];
}

export function serveDataPlugin(dataDir = resolve('data')): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = (req.url ?? '').split('?')[0];
    if (!url.startsWith('/data/')) return next();
    const name = decodeURIComponent(url.slice('/data/'.length));
    if (name.includes('/') || name.includes('\\') || !(extname(name) in CONTENT_TYPES)) return next();
    const file = join(dataDir, name);
    if (!existsSync(file) || !statSync(file).isFile()) return next();
    res.setHeader('Content-Type', CONTENT_TYPES[extname(name)]);
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'pds-serve-data',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
    generateBundle() {
      for (const name of listDataFiles(dataDir)) {
        this.emitFile({ type: 'asset', fileName: `data/${name}`, source: readFileSync(join(dataDir, name)) });
      }
    },
  };
}
