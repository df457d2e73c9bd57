import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { amapLink, baiduLink, geoLink, navigationLinks, tencentLink, toBd09, toGcj02 } from '../../src/spatial/navigation_links';

// ---- an independent reference ------------------------------------------------------
// The published WGS84 → GCJ-02 algorithm (Krasovsky 1940 ellipsoid, a = 6378245 m,
// e² = 0.00669342162296594323, the two polynomial-and-sine offsets around 105 E, 35 N)
// and the published GCJ-02 → BD-09 step (x_pi = π · 3000 / 180), written out here from
// the formulas rather than taken from the library under test.
const PI = Math.PI;
const A = 6378245.0;
const EE = 0.006693421622965943; // 0.00669342162296594323 as published, to double precision
function offsetLat(x: number, y: number): number {
  let ret = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  ret += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  ret += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  return ret;
}
function offsetLon(x: number, y: number): number {
  let ret = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  ret += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  ret += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  return ret;
}
function referenceWgsToGcj(lon: number, lat: number): [number, number] {
  const radLat = (lat / 180) * PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * PI);
  const dLon = (offsetLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * PI);
  return [lon + dLon, lat + dLat];
}
function referenceGcjToBd(lon: number, lat: number): [number, number] {
  const xPi = (PI * 3000) / 180;
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * xPi);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * xPi);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}
function metresBetween(a: [number, number], b: [number, number]): number {
  const r = PI / 180;
  const x = (b[0] - a[0]) * r * Math.cos(((a[1] + b[1]) / 2) * r);
  const y = (b[1] - a[1]) * r;
  return Math.hypot(x, y) * 6_371_000;
}

// Published WGS84 → GCJ-02 pairs (test vectors of the eviltransform project, which
// implements the same published algorithm in a dozen languages), as [lon, lat].
const PUBLISHED_GCJ = [
  { place: '上海', wgs: [121.5272106, 31.1774276], gcj: [121.531541859215, 31.17530398364597] },
  { place: '深圳', wgs: [113.912316, 22.543847], gcj: [113.9171764808363, 22.540796131694766] },
  { place: '北京', wgs: [116.377817, 39.911954], gcj: [116.38404722455657, 39.91334545536069] },
] as const;

// Points of our own city: 平顶山 city centre, 鲁山 (west), 汝州 (north), 舞钢 (south-east).
const PINGDINGSHAN: [number, number][] = [
  [113.192661, 33.766169],
  [112.908, 33.739],
  [112.844, 34.167],
  [113.524, 33.307],
];

describe('coordinate conversion for the map apps', () => {
  it.each(PUBLISHED_GCJ)('WGS84 → GCJ-02 matches the published pair for $place to 1e-6°', ({ wgs, gcj }) => {
    const [lon, lat] = toGcj02(wgs[0], wgs[1]);
    expect(lon).toBeCloseTo(gcj[0], 6);
    expect(lat).toBeCloseTo(gcj[1], 6);
  });

  it('the reference written here reproduces the published pairs (so it can judge the rest)', () => {
    for (const { wgs, gcj } of PUBLISHED_GCJ) {
      const [lon, lat] = referenceWgsToGcj(wgs[0], wgs[1]);
      expect(lon).toBeCloseTo(gcj[0], 9);
      expect(lat).toBeCloseTo(gcj[1], 9);
    }
  });

  it.each(PINGDINGSHAN)('WGS84 → GCJ-02 and → BD-09 in Pingdingshan (%f, %f) match the reference', (lon, lat) => {
    const gcj = toGcj02(lon, lat);
    const wantGcj = referenceWgsToGcj(lon, lat);
    expect(gcj[0]).toBeCloseTo(wantGcj[0], 7);
    expect(gcj[1]).toBeCloseTo(wantGcj[1], 7);
    const bd = toBd09(lon, lat);
    const wantBd = referenceGcjToBd(...wantGcj);
    expect(bd[0]).toBeCloseTo(wantBd[0], 7);
    expect(bd[1]).toBeCloseTo(wantBd[1], 7);
    // The offsets are the size a user would notice on the map: hundreds of metres, not zero.
    expect(metresBetween([lon, lat], gcj)).toBeGreaterThan(100);
    expect(metresBetween([lon, lat], gcj)).toBeLessThan(1000);
    expect(metresBetween(gcj, bd)).toBeGreaterThan(500);
    expect(metresBetween(gcj, bd)).toBeLessThan(1500);
  });

  it('converts back to within 1 m of where it started', () => {
    for (const [lon, lat] of [...PINGDINGSHAN, ...PUBLISHED_GCJ.map((p) => p.wgs as unknown as [number, number])]) {
      const fromGcj = gcoord.transform(toGcj02(lon, lat), gcoord.GCJ02, gcoord.WGS84) as [number, number];
      const fromBd = gcoord.transform(toBd09(lon, lat), gcoord.BD09, gcoord.WGS84) as [number, number];
      expect(metresBetween([lon, lat], fromGcj)).toBeLessThan(1);
      expect(metresBetween([lon, lat], fromBd)).toBeLessThan(1);
    }
  });
});

describe('navigation links', () => {
  const [lon, lat] = PINGDINGSHAN[0];
  const name = '湛河北渡排口 PDS-ZH-0195';
  const encodedName = encodeURIComponent(name);
  const [gLon, gLat] = referenceWgsToGcj(lon, lat).map((v) => v.toFixed(6));
  const [bLon, bLat] = referenceGcjToBd(...referenceWgsToGcj(lon, lat)).map((v) => v.toFixed(6));

  it('高德: GCJ-02 lon,lat with 6 decimals, the name encoded, asks to open the app', () => {
    const { href } = amapLink(lon, lat, name);
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/marker');
    expect(url.searchParams.get('position')).toBe(`${gLon},${gLat}`);
    expect(url.searchParams.get('coordinate')).toBe('gaode');
    expect(url.searchParams.get('callnative')).toBe('1');
    expect(url.searchParams.get('name')).toBe(name);
    expect(href).toContain(`name=${encodedName}`);
  });

  it('百度: BD-09 lat,lng first in both the app link and the web fallback', () => {
    const link = baiduLink(lon, lat, name);
    expect(link.href.startsWith('baidumap://map/marker?')).toBe(true);
    for (const href of [link.href, link.fallbackHref as string]) {
      const url = new URL(href);
      expect(url.searchParams.get('location')).toBe(`${bLat},${bLon}`);
      expect(url.searchParams.get('coord_type')).toBe('bd09ll');
      expect(url.searchParams.get('title')).toBe(name);
      expect(url.searchParams.get('src')).toBeTruthy();
      expect(href).toContain(`title=${encodedName}`);
    }
    const web = new URL(link.fallbackHref as string);
    expect(web.origin + web.pathname).toBe('https://api.map.baidu.com/marker');
    expect(web.searchParams.get('output')).toBe('html');
  });

  it('腾讯: GCJ-02 lat,lng in the marker, name encoded, referer set', () => {
    const { href } = tencentLink(lon, lat, name, { appName: '平顶山生态环境一张图' });
    const url = new URL(href);
    expect(url.origin + url.pathname).toBe('https://apis.map.qq.com/uri/v1/marker');
    expect(url.searchParams.get('marker')).toBe(`coord:${gLat},${gLon};title:${name};addr:${name}`);
    expect(href).toContain(`coord:${gLat},${gLon};title:${encodedName}`);
    expect(url.searchParams.get('referer')).toBe('平顶山生态环境一张图');
  });

  it("the phone's own map: geo: with WGS84 lat,lng unconverted and the label encoded", () => {
    const { href } = geoLink(lon, lat, name);
    expect(href).toBe(`geo:${lat.toFixed(6)},${lon.toFixed(6)}?q=${lat.toFixed(6)},${lon.toFixed(6)}(${encodedName})`);
  });

  it('keeps names with the separators of each format from breaking the link', () => {
    const awkward = '排口(北):1号;南&东';
    const tencent = new URL(tencentLink(lon, lat, awkward).href).searchParams.get('marker') as string;
    expect(tencent.split(';')).toHaveLength(3);
    expect(tencent).toContain(`coord:${gLat},${gLon};`);
    expect(new URL(amapLink(lon, lat, awkward).href).searchParams.get('name')).toBe(awkward);
    expect(geoLink(lon, lat, awkward).href.match(/[()]/g)).toHaveLength(2);
  });

  it('offers the four apps in order', () => {
    expect(navigationLinks(lon, lat, name).map((l) => l.label)).toEqual(['高德地图', '百度地图', '腾讯地图', '手机地图']);
  });
});
