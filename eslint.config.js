import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Imports go one way (see ARCHITECTURE.md): ui → state → data, spatial; map → spatial.
// Only src/map may import maplibre-gl; ui never reaches Dexie or the network directly.
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/spatial/**', 'src/data/**', 'src/state/**'],
    rules: restrict([
      { group: ['maplibre-gl', 'maplibre-gl/*'], message: 'Only src/map talks to MapLibre.' },
      { group: ['preact', 'preact/*', '**/ui/**'], message: 'No UI in data, spatial or state.' },
    ]),
  },
  {
    files: ['src/spatial/**'],
    rules: restrict([{ group: ['**/data/cache*', 'dexie', '**/state/**', '**/map/**'], message: 'spatial holds pure functions.' }]),
  },
  {
    files: ['src/ui/**'],
    rules: restrict([
      { group: ['maplibre-gl', 'maplibre-gl/*'], message: 'ui reaches the map through src/map.' },
      { group: ['dexie'], message: 'ui never calls Dexie directly.' },
    ]),
  },
);
