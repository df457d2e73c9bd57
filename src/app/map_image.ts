// 导出图片 and printing, put together: what the image says (title, legend of the visible
// layers as the panel shows them, data date, 演示数据, credit) from the state, its layout
// (src/ui/export_image/image_layout.ts), the map drawn off screen at the map box's size
// (MapView.renderImage), the decorations painted around it, PNG-encoded.

import type { AppState } from '../state/app_state';
import { layerTitle, layerViewContext } from '../state/selectors';
import { OUTFALLS } from '../layers/outfalls';
import type { MapView } from '../map/map_view';
import { metresPerCssPixel } from '../spatial/scale_bar';
import type { LegendGroup } from '../ui/export_image/image_layout';
import { drawImage, pageFontFamily, planImage, toPng } from '../ui/export_image/draw_image';
import { imageFileName } from '../ui/export_image/file_name';
import type { MapImage, MapImageOptions, MapImageService } from '../ui/export_image/map_image_service';
import { DEMO_CREDIT } from './bind_map';

/**
 * Image pixels per CSS pixel of the map at 1920×1080 (scaled with the image's area): dots,
 * lines and labels come out 1.5 times their size on screen, so they carry on a projector,
 * and the map box (~1500×990) shows about what a laptop's window does.
 */
const PIXEL_RATIO_AT_HD = 1.5;

/** The legend of the image: every visible, loaded layer, with the swatches and note its panel entry shows. */
export function legendGroups(state: AppState): LegendGroup[] {
  const view = layerViewContext(state);
  const groups: LegendGroup[] = [];
  for (const description of state.layers.value) {
    const status = state.layerStatus.value[description.id];
    if (status?.state !== 'ready' || !(state.visibility.value[description.id] ?? true)) continue;
    let note = description.note?.(status.layer, view) ?? null;
    const selection = state.outfallSelection.value;
    if (description.id === OUTFALLS && selection) {
      // The image must say the dots are a selection, not all the outfalls.
      const others = state.filterDisplay.value === 'fade' ? '其余淡显' : '其余未显示';
      note = `筛选：已选 ${selection.count.toLocaleString('zh-CN')} 个（${others}）`;
    }
    groups.push({ title: layerTitle(state, description.id), note, entries: description.legendFor?.(view) ?? description.legend });
  }
  return groups;
}

/** The service the 导出图片 dialog uses, and `attach` for the map view once it exists. */
export function createMapImageService(state: AppState): { service: MapImageService; attach(view: MapView): () => void } {
  let view: MapView | null = null;
  const service: MapImageService = {
    async render({ width, height, title }: MapImageOptions): Promise<MapImage> {
      const started = performance.now();
      if (!view) throw new Error('地图尚未就绪，请稍后再试');
      const manifest = state.manifest.value;
      const family = pageFontFamily();
      const layout = planImage(
        {
          width,
          height,
          title,
          dateLine: manifest ? `数据截至 ${manifest.dataDate}` : null,
          demo: manifest?.demo ?? false,
          credit: manifest ? (manifest.demo ? DEMO_CREDIT : `数据：${manifest.name}（${manifest.dataDate}）`) : null,
          legend: legendGroups(state),
        },
        family,
      );
      const pixelRatio = Math.max(1, PIXEL_RATIO_AT_HD * layout.unit);
      const map = await view.renderImage({ width: layout.map.width, height: layout.map.height, pixelRatio });
      const canvas = drawImage(
        layout,
        { canvas: map.canvas, metresPerPixel: metresPerCssPixel(map.centre.lat, map.zoom) / map.pixelRatio, bearing: map.bearing },
        family,
      );
      const blob = await toPng(canvas);
      return { blob, fileName: imageFileName(title, manifest?.dataDate ?? null, width, height), width, height, ms: performance.now() - started };
    },
  };
  return {
    service,
    attach(mapView) {
      view = mapView;
      return () => {
        if (view === mapView) view = null;
      };
    },
  };
}
