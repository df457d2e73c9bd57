// Entry point: build the state, render the shell, start the map; then read the
// deployment's config.json (or the copy kept from the last visit) and start the
// offline-first data sync.

import { render } from 'preact';
import { createAppState } from './state/app_state';
import { addNotice, setConfig, setStorageStatus } from './state/actions';
import { AppShell } from './ui/app_shell/AppShell';
import { connectMap } from './app/connect_map';
import { startDataSync, updateData } from './app/load_into_state';
import { createHttpDataSource, createMisconfiguredDataSource } from './data/data_source';
import { loadAppConfig } from './data/app_config';
import { createDexieConfigStore, createDexieLayerCache } from './data/cache/layer_cache';
import { PdsDatabase } from './data/cache/database';
import { createInspectionServices } from './app/inspections';
import { createOutfallExtras } from './app/outfall_extras';
import { registerServiceWorker } from './app/register_service_worker';
import { connectOfflineReadyNotice } from './app/offline_ready_notice';
import { createFieldServices } from './app/field_services';
import { createRankingService } from './app/ranking_client';
import { connectGeolocation } from './app/geolocation';
import { connectLayout, isPhoneSized } from './app/layout';
import { connectGridUrl } from './app/grid_url';
import { connectFilterUrl } from './app/filter_url';
import { connectOutfallSelection } from './app/outfall_selection';
import { connectPresentation } from './app/presentation';
import { createDeckStore } from './data/cache/deck_store';
import { createMapImageService } from './app/map_image';
import { connectImports } from './app/imports';
import type { ImportServices } from './ui/import_panel/import_services';
import { createImportStore } from './data/cache/import_store';
import { createBasemapStore } from './data/cache/basemap_store';
import { readStorageStatus, requestPersistentStorage } from './data/cache/storage_estimate';
import { connectOfflineBasemaps } from './app/offline_basemaps';
import './ui/styles.css';

const BASE = import.meta.env.BASE_URL;

const state = createAppState({ phoneLayout: isPhoneSized() });
connectLayout(state);
connectGridUrl(state);
connectFilterUrl(state);
const filterServices = connectOutfallSelection(state);

// One database for the offline data set, the kept config.json and the inspections (see src/data/cache/database.ts).
const db = new PdsDatabase();
const config = loadAppConfig(`${BASE}config.json`, { store: createDexieConfigStore(db) }).then(({ config, problems }) => {
  setConfig(state, config);
  for (const problem of problems) addNotice(state, 'warning', problem);
  return config;
});
// The data server is known once config.json is read; the cached data set is shown before that (a return visit does not wait a round trip).
const network = config.then((c) =>
  c.invalid.dataBaseUrl
    ? createMisconfiguredDataSource('config.json#dataBaseUrl', c.invalid.dataBaseUrl)
    : createHttpDataSource(c.dataBaseUrl ?? `${BASE}data/`),
);
// The user's imports first: a layer they replace is never shown in its data-set version meanwhile.
const imports = connectImports(state, createImportStore(db));
const { sync } = startDataSync(state, network, createDexieLayerCache(db), imports.gate);
const inspections = createInspectionServices(state, db, config);
const presentation = connectPresentation(state, createDeckStore(db));
const mapImage = createMapImageService(state);
// Search, 定位 and 附近排污口: the list's numbers are drawn on the map too.
const field = createFieldServices(state);
// 离线底图: basemaps stored on the device, which the map reads before their servers.
const basemapStore = createBasemapStore(db);
const offlineBasemaps = connectOfflineBasemaps(state, basemapStore);
// 导入数据's services (and the column guessing and checks they bring) load when the panel first opens.
let importServices: Promise<ImportServices> | null = null;

render(
  <AppShell
    state={state}
    attachMap={(element) =>
      connectMap(
        state,
        element,
        (view) => {
          const detachImage = mapImage.attach(view);
          const detachBasemaps = offlineBasemaps.attach(view);
          return () => {
            detachImage();
            detachBasemaps();
          };
        },
        field,
        basemapStore,
      )
    }
    field={field}
    inspections={inspections}
    outfallExtras={createOutfallExtras(state, inspections)}
    rankingService={createRankingService()}
    filterServices={filterServices}
    presentation={presentation}
    mapImage={mapImage.service}
    loadImportServices={() => (importServices ??= import('./app/import_services').then((m) => m.createImportServices(state, imports.actions)))}
    offlineActions={{
      updateData: () => void updateData(state, sync),
      clearCache: () => void sync.clearCache(),
      requestPersistence: async () => {
        const granted = await requestPersistentStorage();
        setStorageStatus(state, await readStorageStatus());
        return granted;
      },
      basemaps: offlineBasemaps.actions,
    }}
  />,
  document.getElementById('app')!,
);

registerServiceWorker(state);
connectOfflineReadyNotice(state);
connectGeolocation(state);
