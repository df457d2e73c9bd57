// The map as an image of a chosen size (导出图片, printing): a second, off-screen MapLibre map
// with the on-screen map's style (its sources, layers, visibility and paint, as getStyle()
// gives them), its icons and its feature states (the grid's period, 筛选's fading, the fire
// points of the period, the selected feature), drawn once at the target size and copied to
// a 2D canvas.
//
// Why a second map rather than the one on screen: the image has another aspect and size than
// the window, and resizing the user's map (or changing its pixel ratio) would make it jump
// and re-tile under their eyes, and leave it changed if anything failed half-way. The second
// map costs a new tiling of the data in MapLibre's worker (about 1–3 s for the city's grid on
// a software renderer) and is removed as soon as its pixels are copied.
//
// Reading the pixels: the off-screen map is made with `preserveDrawingBuffer: true`, so its
// canvas still holds the last frame when `idle` fires and drawImage copies it at leisure.
// The on-screen map keeps the default (false), which lets the browser swap buffers without a
// copy every frame; reading it inside a render callback instead would tie the copy to a frame
// that may not yet hold every tile. For a map drawn once, the cost of preserving is nil.

import { Map as MapLibreMap } from 'maplibre-gl';

export interface MapImageRequest {
  /** Size of the map's part of the image, in image pixels. */
  width: number;
  height: number;
  /** Image pixels per CSS pixel of the map: how large its dots, lines and labels come out. */
  pixelRatio: number;
  /** Give up after this long (a software renderer takes a few seconds). */
  timeoutMs?: number;
}

export interface RenderedMapImage {
  /** A 2D canvas of exactly `width` × `height` pixels. */
  canvas: HTMLCanvasElement;
  /** The drawn map's zoom and centre: with `pixelRatio` they give the scale of the image. */
  zoom: number;
  centre: { lon: number; lat: number };
  pixelRatio: number;
  bearing: number;
}

/** What of the on-screen map the image needs beyond its style (MapView keeps these). */
export interface MapImageSource {
  map: MapLibreMap;
  /** Icons added at run time (they are not part of getStyle()). */
  images: ReadonlyMap<string, { image: { width: number; height: number; data: Uint8Array }; sdf: boolean }>;
  /** Feature state `v` of each source's features, by feature id (NaN: none set). */
  featureValues: ReadonlyMap<string, ArrayLike<number>>;
  selected: { source: string; id: number } | null;
  localIdeographFontFamily: string;
}

export type MapImageFailure = 'too-large' | 'webgl' | 'context-lost' | 'timeout' | 'blank';

/** A map image that cannot be made, with a message in Chinese for the user. */
export class MapImageError extends Error {
  constructor(
    message: string,
    readonly reason: MapImageFailure,
  ) {
    super(message);
    this.name = 'MapImageError';
  }
}

const DEFAULT_TIMEOUT_MS = 90_000;

/**
 * Canvas width (device pixels) the map is drawn at while its tiles load. Which tiles a map
 * needs depends on its CSS size and zoom, not on its pixel ratio, so the frames drawn as tiles
 * arrive (a dozen or more) can be tiny; only the last is drawn at full size. Under SwiftShader
 * this halved the time of a 1920×1080 image, and on a real GPU it spares the same work.
 */
const DRAFT_WIDTH = 128;

/** The largest canvas side this device's WebGL draws into, from the on-screen map's context; null if it cannot be read. */
export function maxMapImageSide(map: MapLibreMap): number | null {
  const canvas = map.getCanvas();
  // The same context type the map made returns that very context; the other returns null.
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl || gl.isContextLost()) return null;
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  return Math.min(gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, viewport[0], viewport[1]);
}

export function tooLargeMessage(limit: number): string {
  return `图片尺寸超出本设备的图形处理能力（地图部分最大 ${limit}×${limit} 像素），请选择较小的尺寸`;
}

/** Draw the map of `source` at the requested size, off screen; rejects with a MapImageError. */
export async function renderMapImage(source: MapImageSource, request: MapImageRequest): Promise<RenderedMapImage> {
  const { width, height, pixelRatio } = request;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && pixelRatio > 0)) {
    throw new MapImageError('图片尺寸无效', 'too-large');
  }
  // A container of whole CSS pixels whose canvas (rounded by MapLibre) is at least the size asked for; the centre is cut out.
  const cssWidth = Math.ceil(width / pixelRatio);
  const cssHeight = Math.ceil(height / pixelRatio);
  const limit = maxMapImageSide(source.map);
  if (limit !== null && Math.max(Math.round(cssWidth * pixelRatio), Math.round(cssHeight * pixelRatio)) > limit) {
    throw new MapImageError(tooLargeMessage(limit), 'too-large');
  }

  const main = source.map;
  const mainBox = main.getContainer();
  // "The extent framed to the chosen aspect": the whole of what the window shows, centred, wider on one side.
  const fit = Math.min(cssWidth / Math.max(1, mainBox.clientWidth), cssHeight / Math.max(1, mainBox.clientHeight));
  const zoom = Math.min(main.getMaxZoom(), Math.max(main.getMinZoom(), main.getZoom() + Math.log2(fit)));

  const container = document.createElement('div');
  // In the page (MapLibre measures its container) but never seen or hit: fixed, hidden, behind everything.
  container.setAttribute('aria-hidden', 'true');
  Object.assign(container.style, {
    position: 'fixed',
    left: '0',
    top: '0',
    width: `${cssWidth}px`,
    height: `${cssHeight}px`,
    visibility: 'hidden',
    pointerEvents: 'none',
    zIndex: '-1',
    contain: 'strict',
  });
  document.body.append(container);

  let map: MapLibreMap | null = null;
  try {
    try {
      map = new MapLibreMap({
        container,
        style: main.getStyle(),
        center: main.getCenter(),
        zoom,
        bearing: main.getBearing(),
        interactive: false,
        attributionControl: false,
        // Drawn small while its tiles load (see DRAFT_WIDTH), at the full ratio once.
        pixelRatio: Math.min(pixelRatio, DRAFT_WIDTH / cssWidth),
        // MapLibre's default cap (4096) would quietly lower the pixel ratio of a 4K image; the device's own limit is checked above.
        maxCanvasSize: [limit ?? 4096, limit ?? 4096],
        canvasContextAttributes: { preserveDrawingBuffer: true },
        // Labels at full opacity in the one frame that is kept.
        fadeDuration: 0,
        localIdeographFontFamily: source.localIdeographFontFamily,
        minZoom: main.getMinZoom(),
        maxZoom: main.getMaxZoom(),
      });
    } catch (error) {
      // MapLibre's own message is English and long: the console keeps it, the user reads what it means.
      console.error('导出图片：无法创建 WebGL 地图', error);
      throw new MapImageError('无法生成图片：本设备或浏览器的 WebGL2 图形功能不可用（或已被占满），请关闭其他地图页面后重试', 'webgl');
    }
    const drawn = map;
    // The icons (station triangles and diamonds) are asked for as the first tiles are laid out.
    drawn.setMissingStyleImageResolver((id) => {
      const icon = source.images.get(id);
      if (icon && !drawn.hasImage(id)) drawn.addImage(id, icon.image, { sdf: icon.sdf, pixelRatio: 2 });
    });
    const deadline = performance.now() + (request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    await nextIdle(drawn, deadline, () => copyFeatureStates(drawn, source));
    drawn.setPixelRatio(pixelRatio);
    await nextIdle(drawn, deadline);

    const canvas = drawn.getCanvas();
    if (canvas.width < width || canvas.height < height) {
      // MapLibre lowered the pixel ratio: the device drew less than asked. Never hand out a smaller or blurred image as if it were the size.
      throw new MapImageError(tooLargeMessage(Math.min(canvas.width, canvas.height)), 'too-large');
    }
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    // A canvas in main memory: the map is read back from WebGL once, here, and the blank check, the
    // decorations and the PNG encoder then work on memory (a GPU-backed canvas took seconds to read back under SwiftShader).
    const context = out.getContext('2d', { willReadFrequently: true });
    if (!context) throw new MapImageError('无法创建图片画布（内存不足？），请选择较小的尺寸', 'too-large');
    context.drawImage(canvas, Math.floor((canvas.width - width) / 2), Math.floor((canvas.height - height) / 2), width, height, 0, 0, width, height);
    if (isBlank(out)) throw new MapImageError('地图未能绘制到图片中（图形处理出错），请重试或选择较小的尺寸', 'blank');
    const centre = drawn.getCenter();
    return {
      canvas: out,
      zoom: drawn.getZoom(),
      centre: { lon: centre.lng, lat: centre.lat },
      pixelRatio: canvas.width / cssWidth,
      bearing: drawn.getBearing(),
    };
  } finally {
    map?.remove();
    container.remove();
  }
}

const timeoutError = () => new MapImageError('生成图片超时，请选择较小的尺寸后重试', 'timeout');
const contextLostError = () => new MapImageError('图形处理中断（WebGL 上下文丢失），请关闭其他占用显卡的页面后重试，或选择较小的尺寸', 'context-lost');

/**
 * Resolves at the map's next `idle` (with `atLoad`: at the first after the style's `load`, once
 * `atLoad` has run); rejects when the WebGL context is lost or the deadline passes.
 */
function nextIdle(map: MapLibreMap, deadline: number, atLoad?: () => void): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let finished = false;
    const finish = (error?: MapImageError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      map.off('webglcontextlost', lost);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(timeoutError()), Math.max(0, deadline - performance.now()));
    const lost = () => finish(contextLostError());
    map.on('webglcontextlost', lost);
    const idle = () => {
      map.once('idle', () => finish());
      map.triggerRepaint();
    };
    if (!atLoad) return idle();
    map.once('load', () => {
      try {
        atLoad();
      } catch (error) {
        finish(new MapImageError(`复制地图状态出错：${error instanceof Error ? error.message : String(error)}`, 'webgl'));
        return;
      }
      idle();
    });
  });
}

function copyFeatureStates(map: MapLibreMap, source: MapImageSource): void {
  for (const [id, values] of source.featureValues) {
    if (!map.getSource(id)) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isNaN(v)) map.setFeatureState({ source: id, id: i }, { v });
    }
  }
  const selected = source.selected;
  if (selected && map.getSource(selected.source)) map.setFeatureState({ source: selected.source, id: selected.id }, { selected: true });
}

/** Nothing drawn at all: every pixel of a small copy is transparent (a lost or never-drawn WebGL buffer reads so). */
function isBlank(canvas: HTMLCanvasElement): boolean {
  const probe = document.createElement('canvas');
  probe.width = 64;
  probe.height = 64;
  const context = probe.getContext('2d', { willReadFrequently: true });
  if (!context) return false;
  context.drawImage(canvas, 0, 0, 64, 64);
  const { data } = context.getImageData(0, 0, 64, 64);
  for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return false;
  return true;
}
