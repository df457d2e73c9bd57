import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Imports go one way (see ARCHITECTURE.md): app → ui → state → layers → data, spatial;
// map → layers. Only src/map may import maplibre-gl (src/layers its types, for the
// bundles it describes); ui never reaches Dexie, the network or src/app.
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const MAPLIBRE = { group: ['maplibre-gl', 'maplibre-gl/*'], message: 'Only src/map talks to MapLibre.' };

/** A write to an app-state signal (`state.x.value = …`, `state.x.value++`): only src/state/actions.ts may. */
const STATE_WRITE_MESSAGE = 'Change the app state through a function in src/state/actions.ts.';
const stateWrite = (node) =>
  `${node}[left.type='MemberExpression'][left.property.name='value'][left.object.type='MemberExpression'][left.object.object.name='state']`;

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
    files: ['src/**'],
    ignores: ['src/state/actions.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: stateWrite('AssignmentExpression'), message: STATE_WRITE_MESSAGE },
        {
          selector:
            "UpdateExpression[argument.type='MemberExpression'][argument.property.name='value'][argument.object.type='MemberExpression'][argument.object.object.name='state']",
          message: STATE_WRITE_MESSAGE,
        },
      ],
    },
  },
  // One block per folder: a later block's no-restricted-imports replaces an earlier one's, it does not add to it.
  {
    files: ['src/state/**'],
    rules: restrict([
      MAPLIBRE,
      { group: ['preact', 'preact/*', '**/ui/**', '**/app/**', '**/map/**'], message: 'state holds signals and actions: no UI, map or app.' },
    ]),
  },
  {
    files: ['src/spatial/**'],
    rules: restrict([
      MAPLIBRE,
      {
        group: ['preact', 'preact/*', '**/data/cache*', 'dexie', '**/state/**', '**/map/**', '**/layers/**', '**/ui/**', '**/app/**'],
        message: 'spatial holds pure functions.',
      },
    ]),
  },
  {
    files: ['src/data/**'],
    rules: restrict([
      MAPLIBRE,
      {
        group: ['preact', 'preact/*', '**/layers/**', '**/state/**', '**/map/**', '**/ui/**', '**/app/**'],
        message: 'data knows layers only through DataLayerSpec, and no UI.',
      },
    ]),
  },
  {
    files: ['src/layers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { ...MAPLIBRE, allowTypeImports: true, message: 'A layer describes its MapLibre layers (types only); src/map draws them.' },
            {
              group: ['**/state/**', '**/map/**', '**/ui/**', '**/app/**', 'preact', 'preact/*'],
              message: 'A layer description is data: no state, map, UI or app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/import/**'],
    rules: restrict([
      MAPLIBRE,
      {
        group: ['preact', 'preact/*', 'dexie', '**/data/cache*', '**/state/**', '**/map/**', '**/ui/**', '**/app/**'],
        message: 'import reads and checks files: pure functions (the worker in src/app runs them).',
      },
    ]),
  },
  {
    files: ['src/map/**'],
    rules: restrict([{ group: ['**/state/**', '**/ui/**', '**/app/**'], message: 'src/map draws what it is given; src/app binds it to the state.' }]),
  },
  {
    files: ['src/ui/**'],
    rules: restrict([
      MAPLIBRE,
      { group: ['dexie'], message: 'ui never calls Dexie directly.' },
      { group: ['**/app/**'], message: 'ui declares the services it needs (e.g. src/ui/field_services.ts); src/app implements them.' },
    ]),
  },
);
