import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { serveDataPlugin } from './scripts/vite/serve_data_plugin.ts';

const THEME = '#12355b';
const BACKGROUND = '#e9e6dc';

export default defineConfig({
  // Workers as ES modules: a worker's dynamic import() becomes a chunk of its own, so the
  // import worker loads exceljs, shpjs or the KML reader only for a file that needs it
  // (as one script it was 1.3 MB for every file). Every worker is started with type 'module'.
  worker: { format: 'es' },
  plugins: [
    preact(),
    serveDataPlugin(),
    // The service worker keeps the app shell (HTML, JS including MapLibre's worker,
    // CSS, icons, manifest) so that a reload or a cold start with no network still
    // opens the app. The data set is not its business: the app stores it in
    // IndexedDB itself (src/data/cache/), and precaching data/ too would keep the
    // 19 MB twice.
    VitePWA({
      strategies: 'generateSW',
      // 'prompt': a new version waits until the user presses 更新, because an
      // inspector half-way through a form must never have the page reloaded under them
      // (src/app/register_service_worker.ts shows the notice).
      registerType: 'prompt',
      // Registered from src/app/register_service_worker.ts through virtual:pwa-register.
      injectRegister: false,
      // In `vite dev` a service worker would serve stale modules over HMR.
      devOptions: { enabled: false },
      // The icons are in public/ and so already matched by globPatterns below;
      // listing them again would only put duplicate entries in the precache list.
      includeManifestIcons: false,
      manifest: {
        name: '平顶山生态环境一张图',
        short_name: '生态一张图',
        description: '平顶山市生态环境一张图：入河排污口、六河三库、化工园区、国控站点、卫星热点网格',
        lang: 'zh-CN',
        dir: 'ltr',
        display: 'standalone',
        theme_color: THEME,
        background_color: BACKGROUND,
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // .mjs: MapLibre's worker (loaded through setWorkerUrl) must be there offline too.
        // The web app manifest is not listed: the plugin adds it to the precache itself.
        globPatterns: ['**/*.{html,js,mjs,css,svg,png}'],
        // data/ and config.json are kept by the app in IndexedDB (see below).
        globIgnores: ['data/**', 'config.json'],
        // The main chunk (~1.1 MB, MapLibre) and the worker (~0.5 MB) are over
        // Workbox's 2 MiB default only with room to grow; 5 MiB leaves that room
        // while still refusing anything data-sized that slips into dist/.
        maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
        navigateFallback: 'index.html',
        // A link straight to a data file or to the configuration must get that file, not the app.
        navigateFallbackDenylist: [/\/data\//, /\/config\.json$/],
        cleanupOutdatedCaches: true,
        // On the very first install there is no older version a page could be
        // running, so taking control at once is safe, and it means the first visit is
        // already served offline-capable without a reload. An update still waits for
        // 更新 ('prompt' above): claiming only happens when a worker activates.
        clientsClaim: true,
        // No runtime routes. data/ lives in IndexedDB (see above), and so does the
        // last config.json the app read (src/data/app_config.ts): a copy kept by the app
        // itself is there from the very first visit, before this worker controls the
        // page, and on plain-http intranet servers where no service worker runs at all.
      },
    }),
  ],
  build: {
    target: 'es2022',
    // MapLibre alone is ~800 KB minified; that is expected, not a warning.
    chunkSizeWarningLimit: 1200,
  },
  preview: { port: 4173, strictPort: false },
  server: { port: 5173 },
});
