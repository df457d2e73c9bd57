// Drawing one polygon or rectangle on the map (issue 10: outfalls inside a shape the user
// draws), with terra-draw and its MapLibre adapter rather than drawing code of our own.
// Loaded by MapView with a dynamic import() the first time drawing is used, so terra-draw
// stays out of the first view.
//
// Modes: 'polygon' and 'rectangle' draw (a click or tap per corner; a polygon closes on a
// click on its first or last point, or Enter), 'select' edits the one shape (drag its
// corners, insert a corner at a midpoint, right-click a corner to delete it, drag the whole
// shape; a rectangle's corners resize it and keep it a rectangle), 'static' ignores input.
// At most one shape: starting a new one removes the old.

import { TerraDraw, TerraDrawPolygonMode, TerraDrawRectangleMode, TerraDrawSelectMode, ValidateNotSelfIntersecting } from 'terra-draw';
import type { GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MapLibreMap } from 'maplibre-gl';

export type DrawShapeKind = 'polygon' | 'rectangle';

/**
 * A drawn shape: its kind and its ring, [lon, lat] pairs to 6 decimals, first = last (the
 * shape of a filter's drawn area, src/spatial/filter/description.ts: such a condition can be passed as is).
 */
export interface DrawnShape {
  shape: DrawShapeKind;
  ring: [number, number][];
}

/** What the tool is doing: drawing a shape, editing the one drawn ('select'), or nothing ('static'). */
export type DrawMode = 'static' | 'select' | DrawShapeKind;

export interface DrawToolCallbacks {
  /** A shape was finished, edited (once the edit ends) or removed (null). Not called for setShape. */
  onChange(shape: DrawnShape | null): void;
  /** The tool's mode changed. */
  onModeChange(mode: DrawMode): void;
}

/** Decimal places kept of a coordinate: 0.1 m, far finer than a click. */
const PRECISION = 6;

/** Prefix of terra-draw's MapLibre source and layer ids. */
const PREFIX = 'pds-draw';

/** Pixels around a corner or midpoint handle that count as touching it (a fingertip is ~40 px wide). */
const HANDLE_TOLERANCE = 20;

const BLUE = '#1565c0';
const WHITE = '#ffffff';

/** The outline and fill of a shape, drawn or being drawn. */
const SHAPE_STYLE = { fillColor: BLUE, fillOpacity: 0.12, outlineColor: BLUE, outlineWidth: 2 } as const;

/** A handle: white with a blue ring, big enough to see under a finger. */
const HANDLE = { width: 6, color: WHITE, outlineColor: BLUE, outlineWidth: 2 } as const;

const round = (value: number): number => Math.round(value * 10 ** PRECISION) / 10 ** PRECISION;

/** A polygon whose outline crosses itself is refused when a corner is placed or the shape closed (mouse moves may cross on the way). */
const notCrossingItself = (feature: GeoJSONStoreFeatures, context: { updateType: unknown }) =>
  String(context.updateType) === 'provisional' ? { valid: true } : ValidateNotSelfIntersecting(feature);

export class DrawTool {
  private readonly draw: TerraDraw;
  /** The id of the one shape in terra-draw's store, once finished or shown. */
  private featureId: string | number | null = null;
  private mode: DrawMode = 'static';

  constructor(
    private readonly map: MapLibreMap,
    private readonly callbacks: DrawToolCallbacks,
  ) {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, coordinatePrecision: PRECISION, prefixId: PREFIX }),
      modes: [
        new TerraDrawPolygonMode({
          validation: notCrossingItself,
          styles: {
            ...SHAPE_STYLE,
            closingPointWidth: HANDLE.width,
            closingPointColor: HANDLE.color,
            closingPointOutlineColor: HANDLE.outlineColor,
            closingPointOutlineWidth: HANDLE.outlineWidth,
          },
        }),
        new TerraDrawRectangleMode({ drawInteraction: 'click-move', styles: SHAPE_STYLE }),
        new TerraDrawSelectMode({
          flags: {
            polygon: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } },
            // A rectangle's corners resize it about the opposite corner: it stays a rectangle.
            rectangle: { feature: { draggable: true, coordinates: { resizable: 'opposite' } } },
          },
          styles: {
            selectedPolygonColor: BLUE,
            selectedPolygonFillOpacity: 0.16,
            selectedPolygonOutlineColor: BLUE,
            selectedPolygonOutlineWidth: 2,
            selectionPointWidth: HANDLE.width,
            selectionPointColor: HANDLE.color,
            selectionPointOutlineColor: HANDLE.outlineColor,
            selectionPointOutlineWidth: HANDLE.outlineWidth,
            midPointWidth: 4,
            midPointColor: BLUE,
            midPointOutlineColor: WHITE,
            midPointOutlineWidth: 1,
          },
        }),
      ],
    });
    this.draw.start();
    this.draw.on('finish', (id, context) => {
      if (context.mode === 'polygon' || context.mode === 'rectangle') {
        // A shape was drawn: it becomes the one shape, selected for editing. After terra-draw has finished its click.
        queueMicrotask(() => this.drawn(id));
      } else if (id === this.featureId) {
        this.callbacks.onChange(this.current());
      }
    });
    this.draw.on('change', (ids, type) => {
      // The shape deleted in terra-draw itself (the Delete key in select mode).
      if (type !== 'delete' || this.featureId === null || !ids.includes(this.featureId)) return;
      this.featureId = null;
      queueMicrotask(() => this.setMode('static'));
      this.callbacks.onChange(null);
    });
  }

  /** terra-draw's MapLibre layers, bottom to top: MapView keeps them over every data layer. */
  layerIds(): string[] {
    return [`${PREFIX}-polygon`, `${PREFIX}-polygon-outline`, `${PREFIX}-linestring`, `${PREFIX}-point`, `${PREFIX}-point-marker`];
  }

  /** Draw a new shape; the one on the map, if any, is removed (onChange(null)). */
  start(shape: DrawShapeKind): void {
    this.removeAll();
    this.setMode(shape);
  }

  /** Remove the shape, or stop drawing one; onChange(null) if there was a shape. */
  clear(): void {
    this.removeAll();
    this.setMode('static');
  }

  /** Show a shape that did not come from drawing (the URL), ready to edit, or none. Returns the shape shown: null if the ring is not a valid one. */
  setShape(shape: DrawnShape | null): DrawnShape | null {
    this.featureId = null;
    this.setMode('static');
    this.draw.clear();
    if (!shape) return null;
    const ring = shape.ring.map(([lon, lat]): [number, number] => [round(lon), round(lat)]);
    const [first, last] = [ring[0], ring.at(-1)];
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
    const id = this.draw.getFeatureId();
    const [result] = this.draw.addFeatures([{ id, type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { mode: shape.shape } }]);
    if (!result?.valid) return null;
    this.featureId = id;
    this.select();
    return this.current();
  }

  /** Whether a map point (pixels) is on a corner or midpoint handle of the shape being edited. */
  isOverHandle(point: { x: number; y: number }): boolean {
    if (this.mode !== 'select') return false;
    const { lng, lat } = this.map.unproject([point.x, point.y]);
    return this.draw
      .getFeaturesAtLngLat({ lng, lat }, { pointerDistance: HANDLE_TOLERANCE, ignoreSelectFeatures: false })
      .some((feature) => feature.geometry.type === 'Point');
  }

  destroy(): void {
    if (this.draw.enabled) this.draw.stop();
  }

  private drawn(id: string | number): void {
    if (!this.draw.hasFeature(id)) return;
    this.featureId = id;
    this.select();
    this.callbacks.onChange(this.current());
  }

  private select(): void {
    if (this.featureId === null) return;
    this.setMode('select');
    this.draw.selectFeature(this.featureId);
  }

  private removeAll(): void {
    const had = this.featureId !== null;
    this.featureId = null;
    // Leave the mode first: it drops a shape half drawn and the selection's handles.
    this.setMode('static');
    this.draw.clear();
    if (had) this.callbacks.onChange(null);
  }

  private setMode(mode: DrawMode): void {
    if (this.mode !== mode) this.draw.setMode(mode);
    this.mode = mode;
    this.callbacks.onModeChange(mode);
  }

  /** The shape as the app sees it. */
  private current(): DrawnShape | null {
    if (this.featureId === null) return null;
    const feature = this.draw.getSnapshotFeature(this.featureId);
    if (!feature || feature.geometry.type !== 'Polygon') return null;
    const shape: DrawShapeKind = feature.properties.mode === 'rectangle' ? 'rectangle' : 'polygon';
    return { shape, ring: feature.geometry.coordinates[0].map(([lon, lat]) => [round(lon), round(lat)]) };
  }
}
