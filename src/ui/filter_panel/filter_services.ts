// What the 筛选 panel needs from the rest of the app (src/app/outfall_selection.ts
// implements it): drawing on the map and the files of the selection.

export interface FilterServices {
  /** Let the user draw a polygon or rectangle on the map; when it is finished the filter gets it. */
  startDrawing(shape: 'polygon' | 'rectangle'): void;
  /** Remove the drawn shape (and its condition). */
  clearDrawing(): void;
  /** Save the selected outfalls as a file. */
  exportSelection(format: 'csv' | 'geojson' | 'xlsx'): Promise<void>;
}
