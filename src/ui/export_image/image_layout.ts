// Where everything on an exported map image goes, for a given size: the title band, the
// map, the legend of the visible layers, the scale bar, the north arrow and the credit.
// Pure (text is measured through the function passed in), so the layout of any size is
// tested without a canvas; draw_image.ts paints it.
//
// Sizes scale with the image's area (1 at 1920×1080) so a 3840×2160 image looks like the
// 1920×1080 one, only sharper, and type stays large enough for a projector: the title is at
// least 2.6 % of the image's height.

import type { LegendEntry } from '../../symbology/colours';

export interface LegendGroup {
  /** The layer's title, as the panel names it. */
  title: string;
  /** A line under it (the grid's day, the filter's count), or null. */
  note: string | null;
  entries: LegendEntry[];
}

export interface DecorationInput {
  width: number;
  height: number;
  title: string;
  /** e.g. "数据截至 2025-09-16", or null when no data set is loaded. */
  dateLine: string | null;
  /** Whether to show the 演示数据 badge. */
  demo: boolean;
  /** The data's credit line (small, bottom right of the map), or null. */
  credit: string | null;
  legend: LegendGroup[];
}

/** Width of `text` in pixels at `size` px, bold or not (a canvas's measureText in the app). */
export type Measure = (text: string, size: number, bold: boolean) => number;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One line of text: `y` is the middle of its line box (drawn with textBaseline 'middle'). */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
}

export type LegendItem = ({ kind: 'heading' | 'note' | 'more' } & TextLine) | { kind: 'entry'; entry: LegendEntry; swatch: Rect; lines: TextLine[] };

export interface ImageLayout {
  width: number;
  height: number;
  /** Scale of every size: 1 at 1920×1080. */
  unit: number;
  band: Rect;
  title: TextLine[];
  date: TextLine | null;
  badge: (Rect & { label: TextLine }) | null;
  /** Where the map is drawn: the rendered map fills it exactly. */
  map: Rect;
  legend: { box: Rect; items: LegendItem[] } | null;
  /** The scale bar's lower-left corner and the room it may take (its length follows the map's scale). */
  scale: { x: number; bottom: number; maxLengthPx: number; size: number; unit: number };
  /** Centre and height of the north arrow. */
  north: { x: number; y: number; size: number };
  credit: TextLine | null;
}

/** The light band under the title, and the legend's panel: not colours of the map, so neither can be mistaken for it. */
export const BAND_COLOUR = '#f4f2ec';
export const LEGEND_COLOUR = '#ffffff';
export const INK = '#1f2328';

/** Pixel sizes at unit 1 (1920×1080). */
const BASE = {
  margin: 24,
  title: 44,
  meta: 24,
  heading: 24,
  entry: 22,
  note: 18,
  swatchW: 28,
  swatchH: 20,
  padding: 20,
  columnGap: 28,
  scaleLabel: 22,
  north: 70,
  credit: 15,
} as const;

/** Legend type scales tried, largest first, before anything is left out. */
const LEGEND_SCALES = [1, 0.92, 0.84, 0.76, 0.68, 0.6];
const MAX_LEGEND_COLUMNS = 3;

const LINE = 1.3;

export function layoutImage(input: DecorationInput, measure: Measure): ImageLayout {
  const { width: W, height: H } = input;
  const u = Math.sqrt((W * H) / (1920 * 1080));
  const m = BASE.margin * u;
  const portrait = W < H * 1.15;

  // ---- title band -------------------------------------------------------------
  const metaSize = Math.max(BASE.meta * u, 0.018 * H);
  const dateWidth = input.dateLine ? measure(input.dateLine, metaSize, false) : 0;
  const badgeText = '演示数据';
  const badgeWidth = input.demo ? measure(badgeText, metaSize, true) + metaSize * 1.2 : 0;
  const metaWidth = dateWidth + badgeWidth + (dateWidth && badgeWidth ? metaSize : 0);
  const titleSize = Math.max(BASE.title * u, 0.026 * H);
  const titleText = input.title.trim() || '平顶山生态环境一张图';
  // The date and badge sit right of the title when both fit on one row at full size, else on a row of their own.
  const besideRoom = W - 2 * m - metaWidth - 2 * m;
  const metaBeside = metaWidth === 0 || measure(titleText, titleSize, true) <= besideRoom;
  const titleRoom = metaBeside ? (metaWidth === 0 ? W - 2 * m : besideRoom) : W - 2 * m;
  const fitted = fitTitle(titleText, titleSize, titleRoom, measure);
  const pad = m * 0.7;
  const titleBlock = fitted.lines.length * fitted.size * LINE;
  const metaRow = !metaBeside && metaWidth > 0 ? metaSize * 1.8 : 0;
  // Whole pixels: the map below is drawn 1:1 into the rest.
  const bandHeight = Math.round(pad + titleBlock + metaRow + pad);
  const band: Rect = { x: 0, y: 0, width: W, height: bandHeight };
  const title = fitted.lines.map((text, i) => ({ text, x: m, y: pad + fitted.size * LINE * (i + 0.5), size: fitted.size, bold: true }));
  const metaY = metaBeside ? pad + titleBlock / 2 : pad + titleBlock + metaRow / 2;
  let metaX = metaBeside ? W - m - metaWidth : m;
  const date = input.dateLine ? { text: input.dateLine, x: metaX, y: metaY, size: metaSize, bold: false } : null;
  if (date) metaX += dateWidth + (badgeWidth ? metaSize : 0);
  const badge = input.demo
    ? {
        x: metaX,
        y: metaY - metaSize * 0.8,
        width: badgeWidth,
        height: metaSize * 1.6,
        label: { text: badgeText, x: metaX + metaSize * 0.6, y: metaY, size: metaSize, bold: true },
      }
    : null;

  // ---- legend -------------------------------------------------------------------
  const below = H - bandHeight;
  const legend =
    input.legend.length === 0 ? null : portrait ? legendBelow(input.legend, W, below, H, u, m, measure) : legendBeside(input.legend, W, below, u, measure);
  const legendBox = legend ? { ...legend.box, y: legend.box.y + bandHeight } : null;
  const legendItems = legend ? legend.items.map((item) => shift(item, bandHeight)) : [];

  // ---- map and what lies on it -------------------------------------------------------
  const map: Rect = portrait
    ? { x: 0, y: bandHeight, width: W, height: below - (legendBox?.height ?? 0) }
    : { x: 0, y: bandHeight, width: W - (legendBox?.width ?? 0), height: below };
  const northSize = BASE.north * u;
  const creditSize = Math.max(BASE.credit * u, 11);
  const credit = input.credit
    ? {
        text: input.credit,
        x: map.x + map.width - m * 0.5 - measure(input.credit, creditSize, false),
        y: map.y + map.height - creditSize,
        size: creditSize,
        bold: false,
      }
    : null;
  return {
    width: W,
    height: H,
    unit: u,
    band,
    title,
    date,
    badge,
    map,
    legend: legendBox ? { box: legendBox, items: legendItems } : null,
    scale: {
      x: map.x + m,
      bottom: map.y + map.height - m - (credit ? creditSize : 0),
      maxLengthPx: Math.max(map.width * 0.25, 60 * u),
      size: BASE.scaleLabel * u,
      unit: u,
    },
    north: { x: map.x + map.width - m - northSize * 0.45, y: map.y + m + northSize * 0.55, size: northSize },
    credit,
  };
}

/** The title at `size`, shrunk to fit one line down to 75 %, else on two lines (shrunk further if it must), never cut. */
function fitTitle(text: string, size: number, room: number, measure: Measure): { lines: string[]; size: number } {
  const oneLine = measure(text, size, true);
  if (oneLine <= room) return { lines: [text], size };
  if (oneLine * 0.75 <= room) return { lines: [text], size: (size * room) / oneLine };
  for (let s = size; s > size * 0.4; s *= 0.92) {
    const lines = wrap(text, room, s, true, measure);
    if (lines.length <= 2) return { lines, size: s };
  }
  return { lines: wrap(text, room, size * 0.4, true, measure), size: size * 0.4 };
}

/**
 * Break `text` into lines no wider than `room`: Chinese breaks between any two characters;
 * a space, "·" or "，" late enough in a line is preferred, so "PM2.5" is not split.
 */
export function wrap(text: string, room: number, size: number, bold: boolean, measure: Measure): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (measure(rest, size, bold) <= room) {
      lines.push(rest);
      break;
    }
    const chars = [...rest];
    let n = 1;
    while (n < chars.length && measure(chars.slice(0, n + 1).join(''), size, bold) <= room) n++;
    let cut = n;
    for (let i = n; i > n * 0.5; i--) {
      if (/[\s·，、,]/.test(chars[i] ?? '')) {
        cut = i + 1;
        break;
      }
    }
    lines.push(chars.slice(0, cut).join('').trim());
    rest = chars.slice(cut).join('').trim();
  }
  return lines;
}

interface Row {
  kind: 'heading' | 'note' | 'entry';
  /** Lines of the row at the column width. */
  lines: string[];
  size: number;
  bold: boolean;
  entry?: LegendEntry;
  /** The layer it belongs to (its index in the legend). */
  group: number;
  /** Height of the row. */
  height: number;
  /** A heading stays with the row after it. */
  keepWithNext: boolean;
}

interface LegendSizes {
  s: number;
  heading: number;
  entry: number;
  note: number;
  swatchW: number;
  swatchH: number;
  padding: number;
  gap: number;
}

function sizesAt(u: number, s: number): LegendSizes {
  const k = u * s;
  return {
    s,
    heading: BASE.heading * k,
    entry: BASE.entry * k,
    note: BASE.note * k,
    swatchW: BASE.swatchW * k,
    swatchH: BASE.swatchH * k,
    padding: BASE.padding * u,
    gap: BASE.columnGap * k,
  };
}

/** The widest a legend column needs at these sizes (no wrapping), capped at `cap`. */
function naturalColumnWidth(groups: LegendGroup[], z: LegendSizes, cap: number, measure: Measure): number {
  let widest = 0;
  for (const g of groups) {
    if (g.entries.length !== 1) widest = Math.max(widest, measure(g.title, z.heading, true));
    for (const e of g.entries) widest = Math.max(widest, z.swatchW + z.entry * 0.5 + measure(e.label, z.entry, false));
  }
  // A note wraps rather than widens the column beyond the entries' width (or a modest minimum).
  return Math.min(cap, Math.max(widest, 12 * z.entry));
}

/**
 * Rows of the legend at column width `cw`. A layer with a single entry (河流, 水库水面…) is one
 * row, its swatch beside its label, with no heading; the others get a heading and a row per entry.
 */
function legendRows(groups: LegendGroup[], cw: number, z: LegendSizes, measure: Measure): Row[] {
  const rows: Row[] = [];
  const textRoom = cw - z.swatchW - z.entry * 0.5;
  const addEntry = (entry: LegendEntry, label: string, group: number) => {
    const lines = wrap(label, textRoom, z.entry, false, measure);
    rows.push({
      kind: 'entry',
      lines,
      size: z.entry,
      bold: false,
      entry,
      group,
      height: Math.max(lines.length * z.entry * LINE, z.swatchH) + z.entry * 0.35,
      keepWithNext: false,
    });
  };
  groups.forEach((g, gi) => {
    const spaceBefore = gi === 0 ? 0 : z.entry * 0.5;
    if (g.entries.length === 1) {
      const [entry] = g.entries;
      addEntry(entry, entry.label, gi);
      rows[rows.length - 1].height += spaceBefore;
    } else {
      const lines = wrap(g.title, cw, z.heading, true, measure);
      rows.push({
        kind: 'heading',
        lines,
        size: z.heading,
        bold: true,
        group: gi,
        height: spaceBefore + lines.length * z.heading * LINE + z.entry * 0.2,
        keepWithNext: true,
      });
    }
    if (g.note) {
      const lines = wrap(g.note, cw, z.note, false, measure);
      rows.push({
        kind: 'note',
        lines,
        size: z.note,
        bold: false,
        group: gi,
        height: lines.length * z.note * LINE + z.note * 0.3,
        keepWithNext: g.entries.length > 1,
      });
    }
    if (g.entries.length !== 1) for (const entry of g.entries) addEntry(entry, entry.label, gi);
  });
  return rows;
}

/**
 * Rows split into columns no taller than `limit`; null if that takes more than `columns`. A layer's
 * rows stay in one column when they fit in one; a longer layer breaks between entries, never
 * leaving a heading alone at a column's foot.
 */
function fillColumns(rows: Row[], limit: number, columns: number): Row[][] | null {
  const result: Row[][] = [[]];
  let used = 0;
  const newColumn = (): boolean => {
    result.push([]);
    used = 0;
    return result.length <= columns;
  };
  for (let start = 0; start < rows.length;) {
    let end = start + 1;
    while (end < rows.length && rows[end].group === rows[start].group) end++;
    const block = rows.slice(start, end);
    const blockHeight = block.reduce((sum, r) => sum + r.height, 0);
    if (used + blockHeight > limit && blockHeight <= limit && result[result.length - 1].length > 0 && !newColumn()) return null;
    for (let i = 0; i < block.length; i++) {
      // A heading (and a note that keeps with it) goes with the rows it introduces.
      let j = i;
      let need = block[i].height;
      while (block[j].keepWithNext && j + 1 < block.length) need += block[++j].height;
      if (used + need > limit && result[result.length - 1].length > 0 && !newColumn()) return null;
      if (need > limit) return null;
      for (let k = i; k <= j; k++) result[result.length - 1].push(block[k]);
      used += need;
      i = j;
    }
    start = end;
  }
  return result;
}

/** Place the columns' rows from (x0, y0). */
function placeRows(columns: Row[][], x0: number, y0: number, cw: number, z: LegendSizes): LegendItem[] {
  const items: LegendItem[] = [];
  columns.forEach((column, c) => {
    const x = x0 + c * (cw + z.gap);
    // The space a layer keeps above itself is not wanted at the top of a column.
    let y = column.length > 0 ? y0 - (column[0].height - rowContentHeight(column[0], z)) : y0;
    for (const row of column) {
      const top = y + row.height - rowContentHeight(row, z);
      if (row.kind === 'entry') {
        const lineH = row.size * LINE;
        const contentH = Math.max(row.lines.length * lineH, z.swatchH);
        const textTop = top + (contentH - row.lines.length * lineH) / 2;
        items.push({
          kind: 'entry',
          entry: row.entry!,
          // The swatch beside the label's first line.
          swatch: { x, y: textTop + (lineH - z.swatchH) / 2, width: z.swatchW, height: z.swatchH },
          lines: row.lines.map((text, i) => ({ text, x: x + z.swatchW + z.entry * 0.5, y: textTop + lineH * (i + 0.5), size: row.size, bold: false })),
        });
      } else {
        row.lines.forEach((text, i) =>
          items.push({ kind: row.kind as 'heading' | 'note', text, x, y: top + row.size * LINE * (i + 0.5), size: row.size, bold: row.bold }),
        );
      }
      y += row.height;
    }
  });
  return items;
}

/** Height of a row's own content (its height less the space kept above and below it). */
function rowContentHeight(row: Row, z: LegendSizes): number {
  if (row.kind === 'entry') return Math.max(row.lines.length * row.size * LINE, z.swatchH) + z.entry * 0.35;
  if (row.kind === 'heading') return row.lines.length * row.size * LINE + z.entry * 0.2;
  return row.height;
}

const columnsHeight = (columns: Row[][]): number => Math.max(...columns.map((c) => c.reduce((sum, r) => sum + r.height, 0)));

/** When nothing fits even at the smallest type: as many rows as fit, and a line that says how many were left out. */
function truncated(rows: Row[], limit: number, columns: number, z: LegendSizes): { columns: Row[][]; more: number } {
  const more: Row = { kind: 'note', lines: [''], size: z.note, bold: false, group: -1, height: z.note * LINE, keepWithNext: false };
  for (let keep = rows.length - 1; keep > 0; keep--) {
    const kept = rows.slice(0, keep);
    while (kept.length > 0 && kept[kept.length - 1].keepWithNext) kept.pop();
    const entriesLeft = rows.slice(kept.length).filter((r) => r.kind === 'entry').length;
    more.lines = [`…另有 ${entriesLeft} 项图例未列出`];
    const filled = fillColumns([...kept, more], limit, columns);
    if (filled) return { columns: filled, more: entriesLeft };
  }
  return { columns: [[more]], more: rows.filter((r) => r.kind === 'entry').length };
}

/** Landscape: the legend is a column right of the map, as wide as its columns need. */
function legendBeside(groups: LegendGroup[], W: number, avail: number, u: number, measure: Measure): { box: Rect; items: LegendItem[] } {
  // Slightly smaller type in one column before a second column takes map width; then the rest in order.
  const tries: [number, number][] = [];
  for (let n = 1; n <= MAX_LEGEND_COLUMNS; n++) for (const s of LEGEND_SCALES.slice(0, 3)) tries.push([s, n]);
  for (const s of LEGEND_SCALES.slice(3)) for (let n = 1; n <= MAX_LEGEND_COLUMNS; n++) tries.push([s, n]);
  for (const [s, n] of tries) {
    const z = sizesAt(u, s);
    const cw = naturalColumnWidth(groups, z, W * 0.24, measure);
    const columns = fillColumns(legendRows(groups, cw, z, measure), avail - 2 * z.padding, n);
    const boxWidth = Math.ceil(n * cw + (n - 1) * z.gap + 2 * z.padding);
    if (columns && boxWidth <= W * 0.45)
      return { box: { x: W - boxWidth, y: 0, width: boxWidth, height: avail }, items: placeRows(columns, W - boxWidth + z.padding, z.padding, cw, z) };
  }
  const z = sizesAt(u, LEGEND_SCALES[LEGEND_SCALES.length - 1]);
  const cw = naturalColumnWidth(groups, z, W * 0.14, measure);
  const { columns } = truncated(legendRows(groups, cw, z, measure), avail - 2 * z.padding, MAX_LEGEND_COLUMNS, z);
  const boxWidth = Math.ceil(columns.length * cw + (columns.length - 1) * z.gap + 2 * z.padding);
  return { box: { x: W - boxWidth, y: 0, width: boxWidth, height: avail }, items: placeRows(columns, W - boxWidth + z.padding, z.padding, cw, z) };
}

/** Portrait: the legend is a band under the map, in as many columns as the width holds, balanced. */
function legendBelow(groups: LegendGroup[], W: number, below: number, H: number, u: number, m: number, measure: Measure): { box: Rect; items: LegendItem[] } {
  const maxHeight = Math.min(0.45 * H, below * 0.6);
  let last: { box: Rect; items: LegendItem[] } | null = null;
  for (const s of LEGEND_SCALES) {
    const z = sizesAt(u, s);
    const inner = W - 2 * Math.max(z.padding, m);
    const cw0 = naturalColumnWidth(groups, z, inner, measure);
    const n = Math.max(1, Math.floor((inner + z.gap) / (cw0 + z.gap)));
    const cw = (inner - (n - 1) * z.gap) / n;
    const rows = legendRows(groups, cw, z, measure);
    // The shortest column height that holds every row in n columns (balanced columns).
    const total = rows.reduce((sum, r) => sum + r.height, 0);
    let lo = Math.max(...rows.map((r) => r.height));
    let hi = total;
    let best = fillColumns(rows, hi, n);
    for (let i = 0; i < 20 && best; i++) {
      const mid = (lo + hi) / 2;
      const filled = fillColumns(rows, mid, n);
      if (filled) {
        hi = mid;
        best = filled;
      } else lo = mid;
    }
    const x0 = (W - inner) / 2;
    if (best) {
      const height = Math.ceil(columnsHeight(best) + 2 * z.padding);
      last = { box: { x: 0, y: below - height, width: W, height }, items: placeRows(best, x0, below - height + z.padding, cw, z) };
      if (height <= maxHeight) return last;
    }
  }
  if (last && last.box.height <= below * 0.7) return last;
  const z = sizesAt(u, LEGEND_SCALES[LEGEND_SCALES.length - 1]);
  const inner = W - 2 * Math.max(z.padding, m);
  const n = Math.max(1, Math.floor((inner + z.gap) / (naturalColumnWidth(groups, z, inner, measure) + z.gap)));
  const cw = (inner - (n - 1) * z.gap) / n;
  const { columns } = truncated(legendRows(groups, cw, z, measure), maxHeight - 2 * z.padding, n, z);
  const height = Math.ceil(columnsHeight(columns) + 2 * z.padding);
  return { box: { x: 0, y: below - height, width: W, height }, items: placeRows(columns, (W - inner) / 2, below - height + z.padding, cw, z) };
}

function shift(item: LegendItem, dy: number): LegendItem {
  if (item.kind === 'entry') return { ...item, swatch: { ...item.swatch, y: item.swatch.y + dy }, lines: item.lines.map((l) => ({ ...l, y: l.y + dy })) };
  return { ...item, y: item.y + dy };
}
