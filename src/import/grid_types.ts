// What the import of the hotspot grid and of the air stations' daily series produces
// (issue 13): the platform's table or GeoTIFF read into a HotspotGrid the analyst views
// use as they use the demo grid, and the monitoring network's table into the stations'
// series. Kept apart from types.ts (the outfall import's contract) so the two imports
// can grow without touching each other. Plain data only: every value here crosses the
// import worker's postMessage (typed arrays included).

import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';
import type { CountyFeature, StationFeature } from '../data/types';
import type { RejectedRow } from './types';

/** The grid table's fields a column can fill: where the cell is, which day, and each pollutant's value. */
export type GridField = 'cellId' | 'lon' | 'lat' | 'date' | Pollutant;

/** Which column (by header text) fills which field; a field not in it is not in the file. */
export type GridColumnMapping = Partial<Record<GridField, string>>;

/**
 * A township (乡镇/街道) to name the cells of a grid built without a base: an outline (the
 * cell takes the township whose outline holds its centre) or a centre point (the cell
 * takes the nearest centre in its county, as the demo grid does: the city publishes no
 * township outlines). `countyCode` keeps a centre from naming a cell across a county line.
 */
export type TownshipFeature = Feature<Polygon | MultiPolygon | Point, { name: string; countyCode?: string }>;

/** Where the cells of the import come from and how cells without a base are named. */
interface GridPlacement {
  /** The grid the app has: rows and pixels are matched to its cells (and take its counties and townships). Null: the layout is built from the file. */
  base: HotspotGrid | null;
  /** The city's counties: a cell of a layout built from the file belongs to the county that holds its centre, and one in none is outside the city. */
  counties: CountyFeature[];
  /** Townships for a layout built from the file; without them the grid has none (the card shows —). */
  townships?: TownshipFeature[];
}

export interface GridTableOptions extends GridPlacement {
  mapping: GridColumnMapping;
}

export interface GeoTiffGridOptions extends GridPlacement {
  /** The day of the first band (ISO date); band k is the k-th day after it. */
  firstDate: string;
  /** What the bands hold. */
  pollutant: Pollutant;
}

export interface GridImportSummary {
  /** First and last day of the grid built (the file's first and last date) and the days from one to the other. */
  firstDate: string;
  lastDate: string;
  days: number;
  /** Cells of the grid built (with a base: all of the base's), and of those the cells with at least one value. */
  cells: number;
  cellsWithData: number;
  /** The grid's pollutants, and how many cell-days of each hold a value (not no data). */
  pollutants: Pollutant[];
  values: Partial<Record<Pollutant, number>>;
  /** 'base': the cells of the app's grid; 'file': a layout built from the file's points or raster (notes say how). */
  layout: 'base' | 'file';
  /** Cell size in degrees [dLon, dLat]. */
  cellSize: [number, number];
}

/** An imported grid: the count of what was read, what was refused and why, and the grid built from the rest. */
export interface GridImport {
  /** Rows of the table (for a GeoTIFF: pixel values over the city's cells, one per band): always accepted + rejected.length. */
  read: number;
  accepted: number;
  rejected: RejectedRow[];
  /** Null when nothing was accepted. */
  grid: HotspotGrid | null;
  summary: GridImportSummary | null;
  /** What the user should know about how the file was read (Chinese): an inferred cell size, pixels outside the city, columns not used. */
  notes: string[];
}

/** The station table's fields: which station (its name or its id), which day, each pollutant's daily value. */
export type StationField = 'station' | 'date' | Pollutant;
export type StationColumnMapping = Partial<Record<StationField, string>>;

export interface StationImport {
  /** Rows of the table: always accepted + rejected.length. */
  read: number;
  accepted: number;
  rejected: RejectedRow[];
  /** Every feature given, the air stations the table names with their new series (new objects: the features given are not changed). */
  stations: StationFeature[];
  /** The air stations whose series were replaced, and on how many days each now has any value. */
  updated: { id: string; name: string; daysWithData: number }[];
  /** Names of the air stations the table does not name: their series are kept as they were. */
  untouched: string[];
  /** The new series' first and last day and length (the same for every updated station), and the pollutants the table has. Null when nothing was accepted. */
  summary: { firstDate: string; lastDate: string; days: number; pollutants: Pollutant[] } | null;
  notes: string[];
}
