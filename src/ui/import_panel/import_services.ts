// What the 导入数据 panel needs done (src/app/import_services.ts does it: the file is read
// and checked in the import worker, the result stored in IndexedDB and shown).

import type { Pollutant } from '../../data/hotspot_grid_format';
import type { GridImport, StationImport } from '../../import/grid_types';
import type { ApplyMode, ColumnMapping, CoordinateSystem, FeatureValidation, OutfallImportOptions, OutfallCheck, ParsedImport } from '../../import/types';

/** Where an import goes: the outfalls, another layer of the data set, a layer of its own, the hotspot grid or the air stations' series. */
export type ImportTarget =
  { kind: 'outfalls' } | { kind: 'layer'; layerId: string } | { kind: 'new-layer'; title: string } | { kind: 'grid' } | { kind: 'stations' };

export type CheckedImport =
  | { kind: 'outfalls'; validation: OutfallCheck }
  | { kind: 'features'; validation: FeatureValidation }
  | { kind: 'grid'; validation: GridImport }
  | { kind: 'stations'; validation: StationImport };

/** A GeoTIFF of the grid: one band per day from `firstDate`, all of one pollutant. */
export interface GeoTiffChoice {
  firstDate: string;
  pollutant: Pollutant;
}

export interface ImportServices {
  /** Read a file (in the import worker, which keeps it; the panel gets its first rows); `onProgress` gets 0–1. Throws with a Chinese message for a file that cannot be read. */
  read(file: File, onProgress: (fraction: number) => void): Promise<ParsedImport>;
  /** Required fields the mapping leaves out, by their Chinese names. */
  missingFields(mapping: ColumnMapping, parsed: ParsedImport): string[];
  checkOutfalls(parsed: ParsedImport, options: OutfallImportOptions): Promise<OutfallCheck>;
  /** The file's shapes for a layer of the data set (checked as that layer's records) or a layer of their own. */
  checkFeatures(parsed: ParsedImport, crs: CoordinateSystem, target: ImportTarget): Promise<FeatureValidation>;
  /** What a table most likely is: a ledger of outfalls, the grid's daily values, or the stations' daily values. */
  suggestTarget(parsed: ParsedImport): 'outfalls' | 'grid' | 'stations' | 'new';
  checkGrid(parsed: ParsedImport): Promise<GridImport>;
  checkGeoTiff(file: File, choice: GeoTiffChoice): Promise<GridImport>;
  checkStations(parsed: ParsedImport): Promise<StationImport>;
  /** Store the import and show it; resolves with the sentence to show (e.g. 已导入 120 个排污口). */
  apply(target: ImportTarget, checked: CheckedImport, mode: ApplyMode, fileName: string): Promise<string>;
  undo(layerId: string): Promise<void>;
  /** Every rejected row as a CSV file (the file's columns, 行号 and 原因). */
  rejectedCsv(checked: CheckedImport, parsed: ParsedImport | null): Promise<Blob>;
}
