// A deployment of the built app for the reliability tests: dist/ served as it is,
// with a config.json, data sets and an inspections API that each test sets and
// changes while the browser runs, on 127.0.0.1. It counts what reaches it, so a
// test can say "the server received this record once".
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { ROOT } from './browser';

export interface DataSet {
  manifest: { demo: boolean; dataDate: string; name: string; layers: { id: string; file: string; hash: string; bytes: number; featureCount: number }[] };
  files: Map<string, Buffer>;
}

export interface ReceivedInspection {
  key: string | null;
  /** Number of photo parts in the multipart body. */
  photos: number;
  bytes: number;
}

export interface DeploymentServer {
  origin: string;
  /** The config.json served (null: 404). */
  config: unknown;
  /** Data sets by path prefix, e.g. '/data/' (the built-in place) or '/deploy/'. */
  readonly dataSets: Map<string, DataSet>;
  /** Answer manifest.json of a prefix with this status instead (e.g. 503). */
  readonly failManifest: Map<string, number>;
  /** Every POST to /api/inspections, in order of arrival. */
  readonly posts: ReceivedInspection[];
  /** How long the API waits before answering, so that uploads from two tabs overlap. */
  apiDelayMs: number;
  /**
   * Other files served beside the app, by path (a basemap's PMTiles archive): HEAD is answered
   * with the size, and a Range request with 206 and that part, as PMTiles readers need.
   */
  readonly files: Map<string, { body: Buffer; type: string }>;
  /** A tile server: every path under a prefix (e.g. '/tiles/') is answered with the same PNG. */
  readonly tileServers: Map<string, Buffer>;
  /** Every path requested of the server (the app's own files too), in order. */
  readonly requested: string[];

  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.geojson': 'application/geo+json',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The built-in demo data set of data/, as the app ships it. */
export function demoDataSet(): DataSet {
  const dir = resolve(ROOT, 'data');
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) if (name !== 'manifest.json' && name !== 'README.md') files.set(name, readFileSync(join(dir, name)));
  return { manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as DataSet['manifest'], files };
}

/** Replace one file of a data set and its manifest entry (hash and size of its content, gzip or not; feature count if given). */
export function replaceFile(set: DataSet, file: string, bytes: Buffer, featureCount?: number): void {
  set.files.set(file, bytes);
  const entry = set.manifest.layers.find((l) => l.file === file)!;
  const content = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  Object.assign(entry, { hash: sha256(content), bytes: content.length }, featureCount === undefined ? {} : { featureCount });
}

/**
 * A deployment's own data set: the demo geography with only the first `outfalls`
 * outfalls, dated 2025-10-01 and not demo, so a test can tell it from the built-in one
 * by the 排污口 count and the 演示数据 badge.
 */
export function deploymentDataSet(outfalls = 500): DataSet {
  const set = demoDataSet();
  const collection = JSON.parse(set.files.get('outfalls.geojson')!.toString('utf8')) as { features: unknown[] };
  collection.features = collection.features.slice(0, outfalls);
  // Gzipped as the generator writes it: a deployment's own data set travels compressed too.
  replaceFile(set, 'outfalls.geojson.gz', gzipSync(JSON.stringify(collection)), outfalls);
  set.manifest = { ...set.manifest, demo: false, dataDate: '2025-10-01', name: '平顶山市入河排污口排查台账（部署测试）' };
  return set;
}

function send(res: ServerResponse, status: number, body: Buffer | string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
}

/** A whole file, its size (HEAD) or one byte range of it (Range: bytes=a-b), as a static file server answers. */
function sendFile(req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = { 'content-type': type, 'cache-control': 'no-cache', 'accept-ranges': 'bytes' };
  if (!range) {
    res.writeHead(200, { ...headers, 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
  if (start >= body.length) {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${body.length}` });
    res.end();
    return;
  }
  res.writeHead(206, { ...headers, 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${body.length}` });
  res.end(body.subarray(start, end + 1));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startDeploymentServer(): Promise<DeploymentServer> {
  const dist = resolve(ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html 不存在：请先运行 `vite build` / run `vite build` first (npm test does).');
  const state = {
    config: {} as unknown,
    dataSets: new Map<string, DataSet>([['/data/', demoDataSet()]]),
    failManifest: new Map<string, number>(),
    posts: [] as ReceivedInspection[],
    apiDelayMs: 0,
    files: new Map<string, { body: Buffer; type: string }>(),
    tileServers: new Map<string, Buffer>(),
    requested: [] as string[],
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      state.requested.push(path);
      const extra = state.files.get(path);
      if (extra) return sendFile(req, res, extra.body, extra.type);
      for (const [prefix, tile] of state.tileServers) if (path.startsWith(prefix)) return send(res, 200, tile, 'image/png');
      if (path === '/config.json') {
        return state.config === null ? send(res, 404, 'not found') : send(res, 200, JSON.stringify(state.config), TYPES['.json']);
      }
      if (path === '/api/inspections' && req.method === 'POST') {
        const body = await readBody(req);
        state.posts.push({
          key: (req.headers['idempotency-key'] as string | undefined) ?? null,
          photos: (body.toString('latin1').match(/name="photo-\d+"/g) ?? []).length,
          bytes: body.length,
        });
        await new Promise((r) => setTimeout(r, state.apiDelayMs));
        return send(res, 201, '{"ok":true}', TYPES['.json']);
      }
      for (const [prefix, set] of state.dataSets) {
        if (!path.startsWith(prefix)) continue;
        const name = path.slice(prefix.length);
        if (name === 'manifest.json') {
          const status = state.failManifest.get(prefix);
          return status ? send(res, status, 'unavailable') : send(res, 200, JSON.stringify(set.manifest), TYPES['.json']);
        }
        const file = set.files.get(name);
        return file ? send(res, 200, file, TYPES[extname(name)] ?? 'application/octet-stream') : send(res, 404, 'not found');
      }
      // The app itself; any other path is a navigation to the single page.
      let file = normalize(join(dist, path));
      if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) file = join(dist, 'index.html');
      return send(res, 200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    })().catch((error: unknown) => send(res, 500, String(error)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
