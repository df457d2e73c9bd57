// 演示文稿: a deck file read back as written, refused whole with a Chinese message when
// anything is wrong, and the built-in deck made from the data.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { buildParksDeck } from '../../src/app/parks_deck';
import { cameraFromHash, deckFileText, parseDeckFile } from '../../src/data/deck';
import type { Deck } from '../../src/data/deck';
import type { EnterpriseFeature, OutfallProperties, ParkFeature } from '../../src/data/types';
import { filterFromParams } from '../../src/spatial/filter/url';
import { readDataContent, readDemoGrid } from '../helpers/data_files';

const deck: Deck = {
  id: 'deck-1',
  title: '汇报 11 月',
  slides: [
    { id: 'a', title: '全市', subtitle: '', facts: [], camera: { bounds: [112.2, 33.1, 113.7, 34.4] }, view: '' },
    { id: 'b', title: '沙河沿线', subtitle: '叶县段', facts: ['工业排污口 12 个'], camera: { lon: 113.3, lat: 33.6, zoom: 11.5 }, view: '?fv=1&fc=工业排污口' },
  ],
};
const file = (value: unknown) => JSON.stringify({ format: 'pds-deck', version: 1, deck: value });

describe('a deck file', () => {
  it('reads back exactly what was written', () => {
    expect(parseDeckFile(deckFileText(deck))).toEqual({ deck });
  });

  it.each([
    ['not JSON', '{"format": "pds-deck", ', '文件不是有效的 JSON'],
    ['another kind of file', JSON.stringify({ type: 'FeatureCollection', features: [] }), '不是本系统导出的演示文稿文件'],
    ['a later version', JSON.stringify({ format: 'pds-deck', version: 2, deck }), '版本 2 无法识别'],
    ['no slides', file({ ...deck, slides: [] }), '演示文稿中没有幻灯片'],
    ['a slide without a title', file({ ...deck, slides: [deck.slides[0], { ...deck.slides[1], title: ' ' }] }), '第 2 张幻灯片：缺少标题'],
    [
      'a camera off the earth',
      file({ ...deck, slides: [{ ...deck.slides[1], camera: { lon: 213.3, lat: 33.6, zoom: 11 } }] }),
      '第 1 张幻灯片：视图中心 (213.3, 33.6) 不是有效的经纬度',
    ],
    ['bounds the wrong way round', file({ ...deck, slides: [{ ...deck.slides[0], camera: { bounds: [113.7, 33.1, 112.2, 34.4] } }] }), '不是有效的经纬度范围'],
    ['a view that is not a query', file({ ...deck, slides: [{ ...deck.slides[1], view: 'javascript:alert(1)' }] }), '应为以 ? 开头的查询字符串'],
  ])('refuses %s with a message saying why', (_, text, message) => {
    const result = parseDeckFile(text);
    expect('error' in result && result.error).toContain(message);
  });

  it('keeps markup in a title as text and makes repeated slide ids unique', () => {
    const result = parseDeckFile(
      file({
        ...deck,
        slides: [
          { ...deck.slides[0], title: '<img src=x onerror=alert(1)>' },
          { ...deck.slides[1], id: 'a' },
        ],
      }),
    );
    if (!('deck' in result)) throw new Error(result.error);
    expect(result.deck.slides[0].title).toBe('<img src=x onerror=alert(1)>');
    expect(new Set(result.deck.slides.map((s) => s.id)).size).toBe(2);
  });

  it('takes a view’s camera from the map’s #zoom/lat/lon', () => {
    expect(cameraFromHash('#11.52/33.61234/113.30001')).toEqual({ lon: 113.30001, lat: 33.61234, zoom: 11.52 });
    expect(cameraFromHash('')).toBeNull();
  });
});

describe('the built-in deck 化工园区污水处理设施覆盖情况', () => {
  const features = <F>(name: string): F[] => (JSON.parse(readDataContent(name).toString('utf8')) as FeatureCollection).features as F[];
  const parks = features<ParkFeature>('parks.geojson.gz');
  const outfalls = features<{ properties: OutfallProperties }>('outfalls.geojson.gz').map((f) => f.properties);
  const grid = readDemoGrid().header;
  const enterprises = features<EnterpriseFeature>('enterprises.geojson.gz');
  const layerIds = ['counties', 'rivers', 'outfalls', 'parks', 'hotspot-grid', 'fire-points'];
  const built = buildParksDeck({
    parks,
    enterprises,
    outfalls,
    downstream: () => ({ name: '某断面', latestClass: 'III', month: '2025年9月' }),
    grid,
    layerIds,
  });

  it('is an overview, one slide per park in the data’s order, the enterprises’ retrofits and the hotspot grid', () => {
    expect(built.slides.map((s) => s.title)).toEqual([
      '化工园区污水处理设施覆盖情况',
      ...parks.map((p) => p.properties.name),
      '重点排污单位超低排放改造',
      '卫星热点网格',
    ]);
    expect(built.slides[0].panel).toBe('parks');
    expect(buildParksDeck({ parks, enterprises: [], outfalls, downstream: () => null, grid: null, layerIds }).slides).toHaveLength(parks.length + 1);
  });

  it('gives the overview figures counted from the parks, and each park its own', () => {
    const dedicated = parks.filter((p) => p.properties.wastewaterStatus === '已建成专业化工废水处理设施').length;
    expect(built.slides[0].facts[0]).toContain(`已建成专业化工废水处理设施 ${dedicated} 个`);
    parks.forEach((park, i) => {
      const slide = built.slides[i + 1];
      expect(slide.facts.join('\n')).toContain(`园区企业 ${park.properties.enterprises} 家，已接入处理设施 ${park.properties.enterprisesConnected} 家`);
      // The section downstream of the park's discharge, where the park has an outfall.
      const discharges = outfalls.some((o) => o.parkId === park.properties.id);
      expect(slide.facts.includes('下游水质断面：某断面 III类（2025年9月）'), park.properties.name).toBe(discharges);
      // Its camera holds the whole park.
      const camera = slide.camera as { bounds: number[] };
      for (const [lon, lat] of park.geometry.coordinates[0]) {
        expect(lon).toBeGreaterThan(camera.bounds[0]);
        expect(lat).toBeLessThan(camera.bounds[3]);
      }
    });
  });

  it('the retrofit slide counts done and not done per industry from the enterprises, and names those not done', () => {
    const slide = built.slides.find((s) => s.id === 'enterprises')!;
    expect(slide.panel).toBe('enterprises');
    for (const industry of ['钢铁', '焦化', '水泥']) {
      const of = enterprises.filter((e) => e.properties.industry === industry);
      const done = of.filter((e) => e.properties.retrofitStatus === '已完成并公示').length;
      const line = slide.facts.find((f) => f.startsWith(`${industry}：`))!;
      expect(line).toContain(`${done} / ${of.length} 家已完成`);
      for (const e of of.filter((x) => x.properties.retrofitStatus !== '已完成并公示')) expect(line).toContain(e.properties.name);
    }
  });

  it('a park’s slide selects the outfalls within 1 km of it and switches the air layers off, as a link would', () => {
    const params = new URLSearchParams(built.slides[1].view);
    const { filter, problems } = filterFromParams(params);
    expect(problems).toEqual([]);
    expect(filter.areas).toEqual([{ kind: 'within', layer: 'parks', id: parks[0].properties.id, distanceM: 1000 }]);
    expect(params.get('lh')?.split(',')).toEqual(['hotspot-grid', 'fire-points']);
    // The grid's slide shows the grid (nothing off) at its first view.
    const gridParams = new URLSearchParams(built.slides.at(-1)!.view);
    expect(gridParams.get('lh')).toBeNull();
    expect(gridParams.get('p')).toBe('pm25');
  });
});
