import { useState } from 'preact/hooks';
import {
  setFilterPanelOpen,
  setImportPanelOpen,
  setInspectionsPanelOpen,
  setLocating,
  setOfflinePanelOpen,
  setPanelOpen,
  setReportPanelOpen,
} from '../../state/actions';
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
  const manifest = state.manifest.value;
  // 导出图片's dialog: a tool of the moment, not a panel a link or another part of the app opens.
  const [exportOpen, setExportOpen] = useState(false);
  // The user's own outfall ledger replaced the generated one: the map no longer shows demo outfalls.
  const outfallsImported = state.imports.value.some((i) => i.layerId === 'outfalls' && i.mode === 'replace');
  return (
    <div class={state.presentation.value ? 'app app--presenting' : 'app'}>
      <header class="topbar">
        <button
          type="button"
          class="topbar__layers"
          aria-expanded={state.panelOpen.value}
          aria-controls="layer-panel"
          onClick={() => setPanelOpen(state, !state.panelOpen.value)}
        >
          图层
        </button>
        <h1 class="topbar__title">
          <span class="topbar__title-full">平顶山生态环境一张图</span>
          <span class="topbar__title-short" aria-hidden="true">
            生态一张图
          </span>
        </h1>
        {manifest?.demo && !outfallsImported && (
          <span class="demo-badge" title="本数据为程序生成的演示数据，非真实排查台账">
            {state.imports.value.length > 0 ? '演示数据（含导入）' : '演示数据'}
          </span>
        )}
        <div class="topbar__end">
          <TopbarToggle
            open={state.filterPanelOpen.value}
            controls="filter-panel"
            label="筛选"
            short="筛选"
            desktopOnly
            accessibleName={state.outfallSelection.value ? `筛选，已选 ${state.outfallSelection.value.count} 个排污口` : '筛选'}
            onToggle={(open) => setFilterPanelOpen(state, open)}
          />
          <TopbarToggle
            open={state.reportPanelOpen.value}
            controls="report-panel"
            label="汇报"
            short="汇报"
            desktopOnly
            onToggle={(open) => setReportPanelOpen(state, open)}
          />
          <button type="button" class="topbar__button topbar__button--desktop" onClick={() => presentation.start()}>
            演示模式
          </button>
          <TopbarToggle
            open={state.inspectionsPanelOpen.value}
            controls="inspections-panel"
            label="巡查记录"
            short="巡查"
            accessibleName={`巡查记录，${state.unsyncedCount.value} 条待同步`}
            badge={state.unsyncedCount.value}
            onToggle={(open) => setInspectionsPanelOpen(state, open)}
          />
          <TopbarToggle open={exportOpen} controls="export-image-dialog" label="导出图片" short="导出" desktopOnly onToggle={(open) => setExportOpen(open)} />
          {manifest && <span class="topbar__date">数据截至 {manifest.dataDate}</span>}
          <TopbarToggle
            open={state.offlinePanelOpen.value}
            controls="offline-panel"
            label="离线与存储"
            short="离线"
            onToggle={(open) => setOfflinePanelOpen(state, open)}
          />
        </div>
      </header>
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

/**
 * A top-bar button that opens and closes a panel. On a phone it shows a short
 * word; its accessible name is always the full one (or `accessibleName`).
 */
function TopbarToggle(props: {
  open: boolean;
  controls: string;
  label: string;
  short: string;
  accessibleName?: string;
  badge?: number;
  /** Not in a phone's top bar, which has no room: the control is elsewhere there. */
  desktopOnly?: boolean;
  onToggle: (open: boolean) => void;
}) {
  return (
    <button
      type="button"
      class={`topbar__button${props.desktopOnly ? ' topbar__button--desktop' : ''}`}
      aria-expanded={props.open}
      aria-controls={props.controls}
      aria-label={props.accessibleName ?? props.label}
      onClick={() => props.onToggle(!props.open)}
    >
      <span class="topbar__button-long">{props.label}</span>
      <span class="topbar__button-short" aria-hidden="true">
        {props.short}
      </span>
      {props.badge ? (
        <span class="pending-badge" aria-hidden="true">
          {props.badge}
        </span>
      ) : null}
    </button>
  );
}
