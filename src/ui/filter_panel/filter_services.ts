// What the 筛选 panel needs from the rest of the app (src/app/outfall_selection.ts
// implements it): the files of the selection. Drawing goes through the state
// (requestDrawing), which the map follows.

export interface FilterServices {
  /** Save the selected outfalls as a file. */
  exportSelection(format: 'csv' | 'geojson' | 'xlsx'): Promise<void>;
}
