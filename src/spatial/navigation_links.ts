// Links for the 导航 button: hand the outfall over to the map app on the phone. Our
// positions are WGS84 (GPS); Chinese map apps draw GCJ-02 (高德, 腾讯) or BD-09 (百度),
// and a WGS84 point shown on their maps unconverted lands a few hundred metres off.
// The app never fetches these URLs: they are only opened when the user taps one.

import gcoord from 'gcoord';

export type LonLat = [lon: number, lat: number];

export interface NavigationLink {
  /** Stable id for the UI and tests. */
  id: 'amap' | 'baidu' | 'tencent' | 'geo';
  /** What the button says. */
  label: string;
  /** The URL to open. */
  href: string;
  /** A web page to open if `href` (an app scheme) does nothing, e.g. no app installed. */
  fallbackHref?: string;
}

export interface NavigationLinkOptions {
  /** Caller name the providers ask for (Amap `src`, Baidu `src`, Tencent `referer`). */
  appName?: string;
}

const DEFAULT_APP_NAME = 'pds-eco-map';

/** WGS84 → GCJ-02 (高德, 腾讯). gcoord copies plain arrays (it maps them), so the input is untouched. */
export function toGcj02(lon: number, lat: number): LonLat {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** WGS84 → BD-09 (百度), via GCJ-02 inside gcoord. */
export function toBd09(lon: number, lat: number): LonLat {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.BD09);
  return [x, y];
}

/** Providers accept at most 6 decimals (about 0.1 m), and more only makes the URL longer. */
function fixed6(value: number): string {
  return value.toFixed(6);
}

/**
 * A query string with values encoded by encodeURIComponent: spaces as %20 (not '+',
 * which an app scheme handler may not decode), while the documented literal `,` of
 * "lon,lat" is kept as the providers' own examples write it.
 */
function queryString(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`)
    .join('&');
}

/**
 * 高德地图 单点标注, https://lbs.amap.com/api/uri-api/guide/mobile-web/point
 * (`https://uri.amap.com/marker?position=lon,lat&name=&src=&coordinate=gaode&callnative=1`):
 * a web page that, with callnative=1, tries to open the 高德 app on a phone and otherwise
 * shows the point itself, so one URL serves both. coordinate=gaode means GCJ-02.
 */
export function amapLink(lon: number, lat: number, name: string, options: NavigationLinkOptions = {}): NavigationLink {
  const [x, y] = toGcj02(lon, lat);
  const query = queryString({
    position: `${fixed6(x)},${fixed6(y)}`,
    name,
    src: options.appName ?? DEFAULT_APP_NAME,
    coordinate: 'gaode',
    callnative: '1',
  });
  return { id: 'amap', label: '高德地图', href: `https://uri.amap.com/marker?${query}` };
}

/**
 * 百度地图: the app scheme `baidumap://map/marker?location=lat,lng&title=&content=&coord_type=bd09ll&src=`
 * (URI API, Android/iOS 自定义打点, https://lbsyun.baidu.com/index.php?title=uri/api/android),
 * and the web page `https://api.map.baidu.com/marker?location=lat,lng&title=&content=&output=html&coord_type=bd09ll&src=`
 * (https://lbsyun.baidu.com/index.php?title=uri/api/web; output=html is required on the web).
 * Latitude first in both.
 */
export function baiduLink(lon: number, lat: number, name: string, options: NavigationLinkOptions = {}): NavigationLink {
  const [x, y] = toBd09(lon, lat);
  const common = {
    location: `${fixed6(y)},${fixed6(x)}`,
    title: name,
    content: name,
    coord_type: 'bd09ll',
    src: options.appName ?? DEFAULT_APP_NAME,
  };
  return {
    id: 'baidu',
    label: '百度地图',
    href: `baidumap://map/marker?${queryString(common)}`,
    fallbackHref: `https://api.map.baidu.com/marker?${queryString({ ...common, output: 'html' })}`,
  };
}

/**
 * 腾讯地图 地点标注, https://lbs.qq.com/webApi/uriV1/uriGuide/uriWebMarker
 * (`https://apis.map.qq.com/uri/v1/marker?marker=coord:lat,lng;title:…;addr:…&referer=`):
 * the web/H5 map, which offers to open the 腾讯地图 app. coord is GCJ-02 (the default
 * coord_type=2), latitude first; `;` and `:` separate the marker's attributes, so they
 * are replaced in the name before it is encoded.
 */
export function tencentLink(lon: number, lat: number, name: string, options: NavigationLinkOptions = {}): NavigationLink {
  const [x, y] = toGcj02(lon, lat);
  const safeName = encodeURIComponent(name.replace(/[;:|]/g, ' '));
  // The marker's own `:` `;` `,` stay literal, as in the documented example; only the name is encoded.
  const marker = `coord:${fixed6(y)},${fixed6(x)};title:${safeName};addr:${safeName}`;
  const referer = encodeURIComponent(options.appName ?? DEFAULT_APP_NAME);
  return { id: 'tencent', label: '腾讯地图', href: `https://apis.map.qq.com/uri/v1/marker?marker=${marker}&referer=${referer}` };
}

/**
 * The phone's own map: `geo:lat,lng?q=lat,lng(label)` (RFC 5870 for `geo:lat,lng`; the
 * `q=lat,lng(label)` pin with a label is Android's maps intent convention). WGS84, as
 * RFC 5870 specifies; Android lets the user choose which installed map opens it.
 */
export function geoLink(lon: number, lat: number, name: string): NavigationLink {
  const point = `${fixed6(lat)},${fixed6(lon)}`;
  // Parentheses would end the label early; encodeURIComponent leaves them as they are.
  const label = encodeURIComponent(name.replace(/[()]/g, ' '));
  return { id: 'geo', label: '手机地图', href: `geo:${point}?q=${point}(${label})` };
}

/** Every link the 导航 button offers for a WGS84 point, in the order shown. */
export function navigationLinks(lon: number, lat: number, name: string, options: NavigationLinkOptions = {}): NavigationLink[] {
  return [amapLink(lon, lat, name, options), baiduLink(lon, lat, name, options), tencentLink(lon, lat, name, options), geoLink(lon, lat, name)];
}
