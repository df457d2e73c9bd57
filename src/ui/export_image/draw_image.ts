// Paints an exported map image: the map drawn off screen, then the title band, the legend,
// the scale bar, the north arrow and the credit where image_layout.ts put them. Text is
// drawn with the page's own fonts (the system's CJK fonts: nothing is downloaded) and only
// ever as text: a layer title or note from a data file cannot become markup on a canvas.

import { scaleBar } from '../../spatial/scale_bar';
import { BAND_COLOUR, INK, LEGEND_COLOUR, layoutImage } from './image_layout';
import type { DecorationInput, ImageLayout, LegendItem, Measure, Rect, TextLine } from './image_layout';
import type { LegendEntry } from '../../symbology/colours';

const MUTED = '#4a515c';
const RULE = '#cfcabd';
const BADGE = '#ffcf33';
const BADGE_INK = '#3b2a00';

/** The page's font list (system-ui, PingFang SC, Noto Sans CJK SC, Microsoft YaHei…), as the canvas needs it. */
export function pageFontFamily(): string {
  return getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
}

const fontOf = (size: number, bold: boolean, family: string): string => `${bold ? 700 : 400} ${Math.max(1, size).toFixed(2)}px ${family}`;

/** Text widths as this canvas draws them. */
export function canvasMeasure(family: string): Measure {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) throw new Error('无法创建画布');
  return (text, size, bold) => {
    context.font = fontOf(size, bold, family);
    return context.measureText(text).width;
  };
}

export interface DrawnMap {
  canvas: HTMLCanvasElement;
  /** Ground metres per image pixel at the map's centre. */
  metresPerPixel: number;
  bearing: number;
}

/** Lay out the decorations for `input`, the size of its map part first (the map is drawn to fit it). */
export function planImage(input: DecorationInput, family = pageFontFamily()): ImageLayout {
  return layoutImage(input, canvasMeasure(family));
}

/** The finished image: the map in its box and every decoration over and around it. */
export function drawImage(layout: ImageLayout, map: DrawnMap, family = pageFontFamily()): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = layout.width;
  canvas.height = layout.height;
  // In main memory, like the map's copy (src/map/map_image.ts): drawn once, then read whole by the PNG encoder.
  const c = canvas.getContext('2d', { willReadFrequently: true });
  if (!c) throw new Error('无法创建图片画布（内存不足？），请选择较小的尺寸');
  c.fillStyle = LEGEND_COLOUR;
  c.fillRect(0, 0, layout.width, layout.height);
  c.drawImage(map.canvas, layout.map.x, layout.map.y, layout.map.width, layout.map.height);
  const u = layout.unit;
  const text = (line: TextLine, colour: string) => {
    c.font = fontOf(line.size, line.bold, family);
    c.fillStyle = colour;
    c.textBaseline = 'middle';
    c.textAlign = 'left';
    c.fillText(line.text, line.x, line.y);
  };

  // Title band.
  c.fillStyle = BAND_COLOUR;
  c.fillRect(layout.band.x, layout.band.y, layout.band.width, layout.band.height);
  c.fillStyle = RULE;
  c.fillRect(0, layout.band.y + layout.band.height - Math.max(1, 2 * u), layout.width, Math.max(1, 2 * u));
  for (const line of layout.title) text(line, INK);
  if (layout.date) text(layout.date, MUTED);
  if (layout.badge) {
    c.fillStyle = BADGE;
    roundRect(c, layout.badge, layout.badge.height * 0.2);
    c.fill();
    text(layout.badge.label, BADGE_INK);
  }

  // Legend panel.
  if (layout.legend) {
    const { box, items } = layout.legend;
    c.fillStyle = LEGEND_COLOUR;
    c.fillRect(box.x, box.y, box.width, box.height);
    c.fillStyle = RULE;
    const rule = Math.max(1, 2 * u);
    if (box.x > 0) c.fillRect(box.x, box.y, rule, box.height);
    else c.fillRect(box.x, box.y, box.width, rule);
    for (const item of items) drawLegendItem(c, item, u, text);
  }

  // Scale bar, north arrow and credit lie on the map.
  drawScaleBar(c, layout, map.metresPerPixel, family);
  drawNorthArrow(c, layout.north, map.bearing, family);
  if (layout.credit) {
    const { credit } = layout;
    c.font = fontOf(credit.size, false, family);
    const w = c.measureText(credit.text).width;
    c.fillStyle = 'rgba(255, 255, 255, 0.8)';
    c.fillRect(credit.x - credit.size * 0.4, credit.y - credit.size * 0.75, w + credit.size * 0.8, credit.size * 1.5);
    text(credit, '#333333');
  }
  return canvas;
}

function drawLegendItem(c: CanvasRenderingContext2D, item: LegendItem, u: number, text: (line: TextLine, colour: string) => void): void {
  if (item.kind === 'entry') {
    drawSwatch(c, item.entry, item.swatch, u);
    for (const line of item.lines) text(line, '#2b2f36');
    return;
  }
  text(item, item.kind === 'heading' ? INK : MUTED);
}

/**
 * The symbol swatches' outlines, as fractions of a square of `side` × the swatch's height
 * centred in it: the stations' triangle and diamond, and the enterprises' industries
 * (src/layers/icons.ts draws the same shapes on the map; the layer panel's clip-paths in
 * src/ui/styles.css match).
 */
const SYMBOL_OUTLINES: Record<'triangle' | 'diamond' | 'square' | 'hexagon' | 'house', { points: [number, number][]; side: number; stroke: string }> = {
  triangle: {
    points: [
      [0.5, 0],
      [1.1, 1],
      [-0.1, 1],
    ],
    side: 1,
    stroke: 'rgba(0, 0, 0, 0.45)',
  },
  diamond: {
    points: [
      [0.5, 0],
      [1, 0.5],
      [0.5, 1],
      [0, 0.5],
    ],
    side: 1.1,
    stroke: '#222222',
  },
  square: {
    points: [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ],
    side: 0.9,
    stroke: '#222222',
  },
  hexagon: {
    points: [
      [0.25, 0],
      [0.75, 0],
      [1, 0.5],
      [0.75, 1],
      [0.25, 1],
      [0, 0.5],
    ],
    side: 0.9,
    stroke: '#222222',
  },
  house: {
    points: [
      [0.5, 0],
      [1, 0.42],
      [1, 1],
      [0, 1],
      [0, 0.42],
    ],
    side: 0.9,
    stroke: '#222222',
  },
};

/** The swatch of a legend entry, the same shapes as the layer panel's (src/ui/styles.css .legend__swatch). */
function drawSwatch(c: CanvasRenderingContext2D, entry: LegendEntry, box: Rect, u: number): void {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  c.save();
  c.fillStyle = entry.colour;
  c.strokeStyle = entry.colour;
  switch (entry.shape) {
    case 'fill':
      c.fillRect(box.x, box.y, box.width, box.height);
      c.strokeStyle = 'rgba(0, 0, 0, 0.3)';
      c.lineWidth = Math.max(1, 1.5 * u);
      c.strokeRect(box.x, box.y, box.width, box.height);
      break;
    case 'line':
      c.lineWidth = Math.max(2, 4 * u);
      c.setLineDash([7 * u, 4 * u]);
      c.beginPath();
      c.moveTo(box.x, cy);
      c.lineTo(box.x + box.width, cy);
      c.stroke();
      break;
    case 'dot': {
      const r = box.height * 0.42;
      c.beginPath();
      c.arc(cx, cy, r, 0, Math.PI * 2);
      c.fill();
      c.lineWidth = Math.max(1, 1.5 * u);
      c.strokeStyle = '#ffffff';
      c.stroke();
      c.beginPath();
      c.arc(cx, cy, r + Math.max(1, 1.5 * u), 0, Math.PI * 2);
      c.strokeStyle = 'rgba(0, 0, 0, 0.3)';
      c.stroke();
      break;
    }
    case 'ring': {
      // A mark around a dot (an overdue outfall's red ring): the ring alone, thick, over white.
      const r = box.height * 0.36;
      c.beginPath();
      c.arc(cx, cy, r, 0, Math.PI * 2);
      c.fillStyle = '#ffffff';
      c.fill();
      c.lineWidth = Math.max(1.5, 2.5 * u);
      c.strokeStyle = entry.colour;
      c.stroke();
      break;
    }
    // Symbol shapes: an outline in the swatch's box (fractions of its side), filled and stroked.
    case 'triangle':
    case 'diamond':
    case 'square':
    case 'hexagon':
    case 'house': {
      const { points, side, stroke } = SYMBOL_OUTLINES[entry.shape];
      const h = box.height * side;
      c.beginPath();
      points.forEach(([fx, fy], i) => (i === 0 ? c.moveTo : c.lineTo).call(c, cx + (fx - 0.5) * h, cy + (fy - 0.5) * h));
      c.closePath();
      c.fill();
      c.strokeStyle = stroke;
      c.lineWidth = Math.max(1, 1.2 * u);
      c.stroke();
      break;
    }
    default: {
      // A shape added to LegendEntry must be drawn here too: this fails to compile until it is.
      const unknown: never = entry.shape;
      throw new Error(`图例形状 ${String(unknown)} 无法绘制`);
    }
  }
  c.restore();
}

/** A bar of two halves, black and white, its length a round distance, labelled above ("5 公里"). */
function drawScaleBar(c: CanvasRenderingContext2D, layout: ImageLayout, metresPerPixel: number, family: string): void {
  const { x, bottom, maxLengthPx, size, unit: u } = layout.scale;
  const bar = scaleBar(metresPerPixel, maxLengthPx);
  const barH = 9 * u;
  const pad = 10 * u;
  c.font = fontOf(size, true, family);
  const labelW = c.measureText(bar.label).width;
  const boxW = Math.max(bar.lengthPx, labelW) + 2 * pad;
  const boxH = pad + size * 1.2 + 4 * u + barH + pad;
  c.fillStyle = 'rgba(255, 255, 255, 0.88)';
  roundRect(c, { x: x - pad, y: bottom - boxH, width: boxW, height: boxH }, 6 * u);
  c.fill();
  const barTop = bottom - pad - barH;
  c.fillStyle = INK;
  c.fillRect(x, barTop, bar.lengthPx / 2, barH);
  c.fillStyle = '#ffffff';
  c.fillRect(x + bar.lengthPx / 2, barTop, bar.lengthPx / 2, barH);
  c.strokeStyle = INK;
  c.lineWidth = Math.max(1, 2 * u);
  c.strokeRect(x, barTop, bar.lengthPx, barH);
  c.fillStyle = INK;
  c.textBaseline = 'middle';
  c.textAlign = 'left';
  c.fillText(bar.label, x, barTop - 4 * u - (size * 1.2) / 2);
}

/** A north arrow (half dark, half light) with 北, turned by the map's bearing, on a light disc. */
function drawNorthArrow(c: CanvasRenderingContext2D, north: { x: number; y: number; size: number }, bearing: number, family: string): void {
  const { x, y, size: s } = north;
  c.save();
  c.fillStyle = 'rgba(255, 255, 255, 0.88)';
  c.beginPath();
  c.arc(x, y, s * 0.5, 0, Math.PI * 2);
  c.fill();
  c.strokeStyle = 'rgba(0, 0, 0, 0.25)';
  c.lineWidth = Math.max(1, s / 40);
  c.stroke();
  c.translate(x, y);
  c.rotate((-bearing * Math.PI) / 180);
  const tip = -s * 0.42;
  const base = s * 0.06;
  const half = s * 0.17;
  const notch = -s * 0.04;
  c.fillStyle = INK;
  c.beginPath();
  c.moveTo(0, tip);
  c.lineTo(-half, base);
  c.lineTo(0, notch);
  c.closePath();
  c.fill();
  c.fillStyle = '#ffffff';
  c.beginPath();
  c.moveTo(0, tip);
  c.lineTo(half, base);
  c.lineTo(0, notch);
  c.closePath();
  c.fill();
  c.strokeStyle = INK;
  c.lineWidth = Math.max(1, s / 35);
  c.lineJoin = 'round';
  c.beginPath();
  c.moveTo(0, tip);
  c.lineTo(half, base);
  c.lineTo(0, notch);
  c.lineTo(-half, base);
  c.closePath();
  c.stroke();
  c.font = fontOf(s * 0.26, true, family);
  c.fillStyle = INK;
  c.textAlign = 'center';
  c.textBaseline = 'middle';
  c.fillText('北', 0, s * 0.27);
  c.restore();
}

function roundRect(c: CanvasRenderingContext2D, r: Rect, radius: number): void {
  c.beginPath();
  c.roundRect(r.x, r.y, r.width, r.height, radius);
}

/** The image as PNG bytes. */
export function toPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('无法生成 PNG 文件（内存不足？），请选择较小的尺寸'))), 'image/png'),
  );
}
