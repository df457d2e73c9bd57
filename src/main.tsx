// Entry point: build the state, render the shell, start the map; then read the
// deployment's config.json and start the offline-first data sync.

import { render } from 'preact';
import { createAppState } from './state/app_state';
import { addNotice } from './state/actions';
import { AppShell } from './ui/app_shell/AppShell';
import { connectMap } from './app/connect_map';
import { startDataSync, updateData } from './app/load_into_state';
import { createHttpDataSource } from './data/data_source';
import { loadAppConfig } from './data/app_config';
import { createDexieLayerCache } from './data/cache/layer_cache';
import { PdsDatabase } from './data/cache/database';
import { createInspectionServices } from './app/inspections';
import { createOutfallExtras } from './app/outfall_extras';
import { registerServiceWorker } from './app/register_service_worker';
import { createFieldServices } from './app/field_services';
import { connectGeolocation } from './app/geolocation';
import './ui/styles.css';

const PHONE_QUERY = '(max-width: 640px)';
const BASE = import.meta.env.BASE_URL;

const state = createAppState({ panelOpen: !window.matchMedia(PHONE_QUERY).matches });

// One database for the offline data set and the inspections (see src/data/cache/database.ts).
const db = new PdsDatabase();
const config = loadAppConfig(`${BASE}config.json`).then(({ config, problems }) => {
  state.config.value = config;
  for (const problem of problems) addNotice(state, 'warning', problem);
  return config;
});
const sync = config.then((c) => startDataSync(state, createHttpDataSource(c.dataBaseUrl ?? `${BASE}data/`), createDexieLayerCache(db)).sync);
const inspections = createInspectionServices(state, db, config);

render(
  <AppShell
    state={state}
    attachMap={(element) => connectMap(state, element)}
    field={createFieldServices(state)}
    inspections={inspections}
    outfallExtras={createOutfallExtras(state, inspections)}
    offlineActions={{
      updateData: () => void sync.then((s) => updateData(state, s)),
      clearCache: () => void sync.then((s) => s.clearCache()),
    }}
  />,
  document.getElementById('app')!,
);

registerServiceWorker(state);
connectGeolocation(state);
