import { useState } from 'preact/hooks';
import { setImportPanelOpen, setLocating, setPanelOpen } from '../../state/actions';
import { FilterPanel } from '../filter_panel/FilterPanel';
import type { FilterServices } from '../filter_panel/filter_services';
import { InspectionsPanel } from '../inspections_panel/InspectionsPanel';
import type { InspectionsPanelActions } from '../inspections_panel/InspectionsPanel';
import type { OutfallExtrasServices } from '../feature_card/OutfallExtras';
import type { FieldServices } from '../field_services';
import { NearbyList } from '../nearby_list/NearbyList';
import { GridControls } from '../grid_controls/GridControls';
import { HotspotRanking } from '../hotspot_ranking/HotspotRanking';
import type { RankingService } from '../hotspot_ranking/ranking_service';
import { SearchBox } from '../search_box/SearchBox';
import type { AppState } from '../../state/app_state';
import { FeatureCard } from '../feature_card/FeatureCard';
import { LayerPanel } from '../layer_panel/LayerPanel';
import { MapRegion } from '../map_region/MapRegion';
import { Notices } from '../notices/Notices';
import { OfflinePanel } from '../offline_panel/OfflinePanel';
import { PresentationOverlay } from '../presentation/PresentationOverlay';
import { ReportPanel } from '../presentation/ReportPanel';
import type { PresentationServices } from '../presentation/presentation_services';
import type { OfflineActions } from '../offline_panel/OfflinePanel';
import { ExportImage } from '../export_image/ExportImage';
import type { MapImageService } from '../export_image/map_image_service';
import { LazyImportPanel } from '../import_panel/LazyImportPanel';
import { TopBar } from '../top_bar/TopBar';
import type { ImportServices } from '../import_panel/import_services';

/** Page layout: title bar, layer panel, map, feature card and notices. */
export function AppShell({
  state,
  attachMap,
  offlineActions,
  field,
  inspections,
  outfallExtras,
  rankingService,
  filterServices,
  presentation,
  mapImage,
  loadImportServices,
}: {
  state: AppState;
  attachMap: (element: HTMLElement) => () => void;
  offlineActions: OfflineActions;
  field: FieldServices;
  inspections: InspectionsPanelActions;
  outfallExtras: OutfallExtrasServices;
  rankingService: RankingService;
  filterServices: FilterServices;
  presentation: PresentationServices;
  mapImage: MapImageService;
  loadImportServices: () => Promise<ImportServices>;
}) {
  // 导出图片's dialog: a tool of the moment, not a panel a link or another part of the app opens.
  const [exportOpen, setExportOpen] = useState(false);
  return (
    <div class={state.presentation.value ? 'app app--presenting' : 'app'}>
      <TopBar state={state} startPresentation={() => presentation.start()} exportOpen={exportOpen} setExportOpen={setExportOpen} />
      <main class="workspace">
        <LayerPanel
          state={state}
          onImport={() => {
            if (state.phoneLayout.peek()) setPanelOpen(state, false);
            setImportPanelOpen(state, true);
          }}
          onExportImage={() => {
            // On a phone the layer sheet would cover the dialog's.
            if (state.phoneLayout.peek()) setPanelOpen(state, false);
            setExportOpen(true);
          }}
        />
        <div class="map-area">
          <MapRegion attach={attachMap} />
          <SearchBox search={field.search} onChoose={field.chooseOutfall} disabled={!field.ready.value} />
          <button
            type="button"
            class={`locate-button${state.locating.value ? ' locate-button--on' : ''}`}
            aria-pressed={state.locating.value}
            onClick={() => setLocating(state, !state.locating.value)}
          >
            定位
          </button>
          <NearbyList state={state} entries={field.nearby.value} onChoose={field.chooseOutfall} />
          <GridControls state={state} />
        </div>
        <FeatureCard state={state} outfallExtras={outfallExtras} />
        <InspectionsPanel state={state} actions={inspections} />
        <OfflinePanel state={state} actions={offlineActions} />
        <HotspotRanking state={state} rankingService={rankingService} />
        <FilterPanel state={state} services={filterServices} />
        <ReportPanel state={state} services={presentation} />
        <LazyImportPanel state={state} loadServices={loadImportServices} />
      </main>
      <PresentationOverlay state={state} services={presentation} />
      <Notices state={state} />
      {/* A direct child of .app: the print stylesheet keeps its print sheet and hides every other child. */}
      <ExportImage open={exportOpen} onClose={() => setExportOpen(false)} service={mapImage} />
    </div>
  );
}
