// A presentation deck (演示文稿): slides, each a saved view of the map — where the camera
// is, and the rest of the view as the query string the app keeps in its URL (visible
// layers `lh`, 筛选's filter, the hotspot grid's period), so a slide shows exactly what
// a link would. Decks are stored in IndexedDB and travel as JSON files; a file is read
// field by field and refused whole with a Chinese message when anything is wrong.

/** Where the map looks: a centre and zoom (a view the user saved) or a box to fit (a place). */
export type SlideCamera = { lon: number; lat: number; zoom: number } | { bounds: [number, number, number, number] };

export interface Slide {
  id: string;
  title: string;
  subtitle: string;
  /** Lines shown under the title in large type (figures of the place). */
  facts: string[];
  camera: SlideCamera;
  /** The view's query string (`?lh=…&fc=…&p=…`), or '' for all layers shown and no filter. */
  view: string;
  /** A panel shown beside the slide: 园区污水处理, or 重点排污单位超低排放改造. */
  panel?: SlidePanel;
}

export const SLIDE_PANELS = ['parks', 'enterprises'] as const;
export type SlidePanel = (typeof SLIDE_PANELS)[number];

export interface Deck {
  id: string;
  title: string;
  slides: Slide[];
}

const FORMAT = 'pds-deck';
const VERSION = 1;

/** A deck as a JSON file's text. */
export function deckFileText(deck: Deck): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, deck }, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length <= max;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readCamera(v: unknown): SlideCamera | string {
  if (!isObject(v)) return '缺少视图位置（camera）';
  if ('bounds' in v) {
    const b = v.bounds;
    if (!Array.isArray(b) || b.length !== 4 || !b.every(finite)) return '视图范围（bounds）应为四个数';
    const [west, south, east, north] = b as number[];
    if (west < -180 || east > 180 || south < -90 || north > 90 || west >= east || south >= north) return '视图范围（bounds）不是有效的经纬度范围';
    return { bounds: [west, south, east, north] };
  }
  const { lon, lat, zoom } = v;
  if (!finite(lon) || !finite(lat) || !finite(zoom)) return '视图位置应有经度、纬度和缩放级别（lon、lat、zoom）';
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `视图中心 (${lon}, ${lat}) 不是有效的经纬度`;
  if (zoom < 0 || zoom > 24) return `缩放级别 ${zoom} 超出 0–24`;
  return { lon, lat, zoom };
}

function readSlide(v: unknown, n: number): Slide | string {
  const where = `第 ${n} 张幻灯片`;
  if (!isObject(v)) return `${where}不是对象`;
  if (!isText(v.title) || v.title.trim() === '') return `${where}：缺少标题`;
  if (v.subtitle !== undefined && !isText(v.subtitle, 500)) return `${where}：副标题应为文字`;
  if (v.facts !== undefined && !(Array.isArray(v.facts) && v.facts.length <= 20 && v.facts.every((f) => isText(f, 500)))) return `${where}：要点应为文字列表`;
  if (v.view !== undefined && !(isText(v.view, 20_000) && (v.view === '' || v.view.startsWith('?')))) return `${where}：视图参数（view）应为以 ? 开头的查询字符串`;
  if (v.panel !== undefined && !(SLIDE_PANELS as readonly unknown[]).includes(v.panel)) return `${where}：未知的面板 ${String(v.panel)}`;
  const camera = readCamera(v.camera);
  if (typeof camera === 'string') return `${where}：${camera}`;
  return {
    id: isText(v.id, 100) && v.id !== '' ? v.id : `slide-${n}`,
    title: v.title,
    subtitle: (v.subtitle as string | undefined) ?? '',
    facts: (v.facts as string[] | undefined) ?? [],
    camera,
    view: (v.view as string | undefined) ?? '',
    ...(v.panel !== undefined ? { panel: v.panel as SlidePanel } : {}),
  };
}

/** A deck from a file's text, or the reason it cannot be read (in Chinese). */
export function parseDeckFile(text: string): { deck: Deck } | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: '文件不是有效的 JSON，无法读取演示文稿' };
  }
  if (!isObject(json) || json.format !== FORMAT) return { error: '这不是本系统导出的演示文稿文件（缺少 "format": "pds-deck"）' };
  if (json.version !== VERSION) return { error: `演示文稿文件的版本 ${String(json.version)} 无法识别（应为 ${VERSION}）` };
  const deck = json.deck;
  if (!isObject(deck)) return { error: '演示文稿文件中没有演示文稿（deck）' };
  if (!isText(deck.title) || deck.title.trim() === '') return { error: '演示文稿缺少标题' };
  if (!Array.isArray(deck.slides) || deck.slides.length === 0) return { error: '演示文稿中没有幻灯片' };
  if (deck.slides.length > 200) return { error: `演示文稿有 ${deck.slides.length} 张幻灯片，超过 200 张` };
  const slides: Slide[] = [];
  for (const [i, raw] of deck.slides.entries()) {
    const slide = readSlide(raw, i + 1);
    if (typeof slide === 'string') return { error: slide };
    slides.push(slide);
  }
  // Slide ids must be unique within the deck: the editor addresses slides by id.
  const seen = new Set<string>();
  for (const slide of slides) {
    while (seen.has(slide.id)) slide.id = `${slide.id}-1`;
    seen.add(slide.id);
  }
  return { deck: { id: isText(deck.id, 100) && deck.id !== '' ? deck.id : 'deck-imported', title: deck.title, slides } };
}

/** A slide's camera read from the map's URL hash (#zoom/lat/lon), or null if it has none. */
export function cameraFromHash(hash: string): SlideCamera | null {
  const m = /^#([\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)/.exec(hash);
  if (!m) return null;
  const [zoom, lat, lon] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return Number.isFinite(zoom) && Number.isFinite(lat) && Number.isFinite(lon) ? { lon, lat, zoom } : null;
}
