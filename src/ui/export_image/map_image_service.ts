// What 导出图片 needs from the app: the current view as a finished image of a given size.
// Declared here, implemented in src/app/map_image.ts (ui never reaches MapLibre).

export interface MapImageOptions {
  width: number;
  height: number;
  title: string;
}

export interface MapImage {
  blob: Blob;
  /** e.g. 平顶山生态环境一张图-2025-09-16-1920x1080.png */
  fileName: string;
  width: number;
  height: number;
  /** How long it took, ms (shown to nobody; tests and the benchmark read it). */
  ms: number;
}

export interface MapImageService {
  /** Rejects with an Error whose message is Chinese and fit to show. */
  render(options: MapImageOptions): Promise<MapImage>;
}
