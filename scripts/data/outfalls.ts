// The ~3,000 outfalls of the survey (入河排污口排查): placed on the banks of the six
// rivers, their tributaries and the three reservoirs (the survey covered whole basins),
// denser near towns and parks, few and all marked for closure inside a drinking-water
// source protection zone, with the survey's four steps 查-测-溯-治 filled consistently.
// The treatment plants' outfalls the report implies (each chemical park's plant, the
// tail-water wetlands it names) are placed explicitly. Everything here is invented for the demo.
import type {
  ParkFeature,
  OutfallCategory,
  OutfallFeature,
  OutfallProperties,
  DischargeMode,
  MonitoringResult,
  ProtectionZoneFeature,
  RemediationMeasure,
  RemediationStatus,
} from '../../src/data/types.ts';
import { DATA_DATE, DAY_MS } from './calendar.ts';
import type { City } from './counties.ts';
import { bboxOf, distanceM, inBBox, offsetM, pointInPolygon, pointInRing, pointLineDistanceM, pointSegment, ringCentroid, round6, M_PER_DEG_LAT, M_PER_DEG_LON, type BBox, type LonLat } from './geo.ts';
import { chance, drawCumulative, int, makeRng, pick, uniform, weighted, type Rng } from './rng.ts';
import { nearestTownship, type Township } from './townships.ts';
import { zoneAt, type WaterBody } from './waters.ts';

export const OUTFALL_COUNT_RANGE = [2900, 3200] as const;
/** Farthest an outfall may sit from its water line (m); the survey's outfalls lie on the bank, within ~300 m (data/README.md). */
export const MAX_DISTANCE_M = 300;

interface Anchor {
  water: WaterBody;
  at: LonLat;
  /** Unit direction along the bank, in metres east/north. */
  dir: [number, number];
  weight: number;
}

const ANCHOR_SPACING_M = 50;

/**
 * Outfalls are forbidden in a drinking-water source protection zone: the survey finds a
 * few there (old village drains, fish farms), all to be closed. The banks inside a zone
 * draw this fraction of the outfalls they would elsewhere.
 */
const ZONE_ANCHOR_WEIGHT = 0.05;

function anchors(waters: WaterBody[], city: City, townships: Township[], parks: ParkFeature[], reservoirRings: LonLat[][], zones: ProtectionZoneFeature[]): Anchor[] {
  const parkCentres = parks.map((p) => ringCentroid(p.geometry.coordinates[0]));
  const out: Anchor[] = [];
  for (const water of waters) {
    for (const line of water.lines) {
      for (let i = 0; i < line.length - 1; i++) {
        const a = line[i];
        const b = line[i + 1];
        const len = distanceM(a, b);
        const east = ((b[0] - a[0]) * M_PER_DEG_LON) / len;
        const north = ((b[1] - a[1]) * M_PER_DEG_LAT) / len;
        for (let s = 0; s < len; s += ANCHOR_SPACING_M) {
          const t = s / len;
          const at: LonLat = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
          if (!city.countyAt(at)) continue;
          // A river's line inside a reservoir is open water, not a bank.
          if (water.kind === 'river' && reservoirRings.some((ring) => pointInRing(at, ring))) continue;
          // Towns and parks raise the density, each capped so that a river through
          // a dozen urban streets (湛河) does not swallow the whole survey.
          let towns = 0;
          for (const t0 of townships) {
            const d = distanceM(at, t0.at) / 1000;
            if (d < 8) towns += 2.2 * t0.weight * Math.exp(-((d / 2.5) ** 2));
          }
          let park = 0;
          for (const c of parkCentres) {
            const d = distanceM(at, c) / 1000;
            if (d < 5) park += 6 * Math.exp(-((d / 1.2) ** 2));
          }
          const base = water.kind === 'reservoir' ? 0.8 : water.minor ? 0.6 : 1;
          const zone = zoneAt(zones, at) ? ZONE_ANCHOR_WEIGHT : 1;
          out.push({ water, at, dir: [east, north], weight: zone * (base + Math.min(towns, 3) + Math.min(park, 5)) });
        }
      }
    }
  }
  return out;
}

type Context = 'park' | 'urban' | 'rural';

const CATEGORY_WEIGHTS: Record<Context, [OutfallCategory[], number[]]> = {
  park: [['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口'], [0.55, 0.03, 0.05, 0.37]],
  urban: [['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口'], [0.14, 0.045, 0.08, 0.735]],
  rural: [['工业排污口', '城镇污水处理厂排污口', '农业排口', '其他排口'], [0.08, 0.02, 0.52, 0.38]],
};

function subtypeOf(r: Rng, category: OutfallCategory, context: Context): string {
  switch (category) {
    case '工业排污口':
      // A park's treatment plant has one outfall, placed explicitly (FACILITY_OUTFALLS): a draw is an enterprise's.
      return weighted(r, ['工矿企业排污口', '工矿企业雨洪排口'], [0.7, 0.3]);
    case '城镇污水处理厂排污口':
      return '城镇污水处理厂排污口';
    case '农业排口':
      return weighted(r, ['规模化畜禽养殖排污口', '规模化水产养殖排污口', '大中型灌区排口'], [0.45, 0.2, 0.35]);
    case '其他排口':
      return context === 'rural'
        ? weighted(r, ['农村生活污水散排口', '农村污水处理设施排污口', '城镇雨洪排口', '其他排口'], [0.5, 0.25, 0.1, 0.15])
        : weighted(r, ['城镇雨洪排口', '城镇生活污水散排口', '其他排口'], [0.55, 0.25, 0.2]);
  }
}

function dischargeModeOf(r: Rng, subtype: string): DischargeMode {
  if (subtype.includes('雨洪')) return '雨季';
  if (subtype.includes('污水处理厂')) return '连续';
  if (subtype === '工矿企业排污口') return weighted(r, ['连续', '间歇'] as const, [0.6, 0.4]);
  if (subtype === '大中型灌区排口') return weighted(r, ['间歇', '雨季'] as const, [0.5, 0.5]);
  if (subtype === '农村污水处理设施排污口') return weighted(r, ['连续', '间歇'] as const, [0.7, 0.3]);
  if (subtype === '其他排口') return weighted(r, ['间歇', '雨季'] as const, [0.6, 0.4]);
  return weighted(r, ['间歇', '连续'] as const, [0.8, 0.2]);
}

const FIRM_WORDS = ['恒达', '鑫源', '宏泰', '瑞丰', '华鹰', '金鼎', '天宏', '盛隆', '永兴', '豫龙', '广源', '德润', '新峰', '博瑞', '昌盛', '中鸿', '汇丰', '东方', '神马', '坤元'];
const FIRM_TRADES = ['化工', '建材', '煤业', '新材料', '机械', '纺织', '食品', '造纸', '洗煤', '焦化', '盐化', '制药', '铸造', '碳素'];
const VILLAGES = ['李庄', '王庄', '张湾', '刘寨', '后营', '前营', '马庄', '杨楼', '赵岗', '孙店', '陈沟', '黄庄', '高村', '东湖', '西坡', '大刘', '小王', '南湾', '北岗', '尚庄', '郭集', '魏寨', '韩店', '岳庄'];
const IRRIGATION: Record<string, string> = {
  沙河: '昭平台灌区', 昭平台水库: '昭平台灌区', 白龟山水库: '白龟山灌区', 湛河: '白龟山灌区',
  北汝河: '北汝河灌区', 澧河: '孤石滩灌区', 干江河: '孤石滩灌区', 孤石滩水库: '孤石滩灌区', 灰河: '白龟山灌区',
};

/** "汝州市" → "汝州", "新华区" → "平顶山市新华区"; two-character names like 叶县 stay whole. */
function placePrefix(countyName: string): string {
  if (countyName.endsWith('区')) return `平顶山市${countyName}`;
  return countyName.length > 2 ? countyName.slice(0, -1) : countyName;
}

const townshipOffice = (t: string): string => (t.endsWith('街道') ? `${t}办事处` : `${t}人民政府`);

function responsibleUnitOf(r: Rng, subtype: string, ctx: { countyName: string; township: string; village: string; water: string; park: ParkFeature | null }): string {
  const prefix = placePrefix(ctx.countyName);
  switch (subtype) {
    case '工矿企业排污口':
    case '工矿企业雨洪排口':
      return `${prefix}${pick(r, FIRM_WORDS)}${pick(r, FIRM_TRADES)}有限公司`;
    case '园区污水处理厂排污口':
      return ctx.park ? ctx.park.properties.facility : `${prefix}工业集聚区污水处理厂`;
    case '城镇污水处理厂排污口':
      return `${prefix}${ctx.township.replace(/(街道|镇|乡)$/, '')}污水处理厂`;
    case '规模化畜禽养殖排污口':
      return `${ctx.township}${ctx.village}${pick(r, ['生猪', '肉牛', '蛋鸡', '奶牛', '肉羊'])}养殖场`;
    case '规模化水产养殖排污口':
      return `${ctx.township}${ctx.village}渔业养殖专业合作社`;
    case '大中型灌区排口':
      return `${ctx.countyName}${IRRIGATION[ctx.water] ?? '灌区'}管理所`;
    case '城镇雨洪排口':
      return chance(r, 0.5) ? `${ctx.countyName}住房和城乡建设局` : townshipOffice(ctx.township);
    case '农村生活污水散排口':
    case '农村污水处理设施排污口':
      return chance(r, 0.6) ? `${ctx.township}${ctx.village}村民委员会` : townshipOffice(ctx.township);
    default:
      return townshipOffice(ctx.township);
  }
}

const SOURCE_DESCRIPTIONS: Record<string, string> = {
  工矿企业排污口: '企业生产废水经自建设施处理后排放',
  工矿企业雨洪排口: '厂区初期雨水及地面冲洗水',
  园区污水处理厂排污口: '园区企业废水经集中处理后的尾水',
  城镇污水处理厂排污口: '城镇生活污水经污水处理厂处理后的尾水',
  规模化畜禽养殖排污口: '养殖场粪污处理设施尾水',
  规模化水产养殖排污口: '养殖池塘换水尾水',
  大中型灌区排口: '农田灌溉退水',
  城镇雨洪排口: '城区雨水管网汇流，存在生活污水混接',
  城镇生活污水散排口: '沿岸居民生活污水未接入管网直排',
  农村生活污水散排口: '村庄生活污水未经收集直排',
  农村污水处理设施排污口: '村庄生活污水处理设施出水',
  其他排口: '沿岸零散排水，来源以地表径流为主',
};

const LABELS: Record<string, string> = {
  工矿企业排污口: '企业排污口', 工矿企业雨洪排口: '企业雨水排口', 园区污水处理厂排污口: '园区污水处理厂排口',
  城镇污水处理厂排污口: '污水处理厂排口', 规模化畜禽养殖排污口: '养殖场排口', 规模化水产养殖排污口: '水产养殖排口',
  大中型灌区排口: '灌区退水口', 城镇雨洪排口: '雨洪排口', 城镇生活污水散排口: '生活污水散排口',
  农村生活污水散排口: '生活污水散排口', 农村污水处理设施排污口: '污水处理设施排口', 其他排口: '排口',
};

const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const T = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const DATA_T = T(DATA_DATE);
const uniformDate = (r: Rng, from: number, to: number): number => from + Math.floor(uniform(r, 0, (to - from) / DAY_MS + 1)) * DAY_MS;

/** The fields of the record that the survey's steps after 查 fill in. */
type SurveySteps = Pick<
  OutfallProperties,
  'monitored' | 'monitoringDate' | 'monitoringResult' | 'traced' | 'sourceDescription' | 'remediationMeasure' | 'remediationStatus' | 'remediationDeadline'
>;

/** 查-测-溯-治: each step only follows the one before it. In a protection zone the measure is always 取缔 (closure). */
function surveySteps(r: Rng, subtype: string, mode: DischargeMode, surveyT: number, inZone = false): SurveySteps {
  const sampleP = subtype.includes('污水处理厂') ? 1 : subtype === '工矿企业排污口' ? 0.95 : subtype.includes('雨') ? 0.55 : 0.76;
  const monitored = chance(r, sampleP);
  let monitoringDate: string | null = null;
  let monitoringResult: MonitoringResult | null = null;
  if (monitored) {
    monitoringDate = iso(Math.min(DATA_T - 30 * DAY_MS, surveyT + int(r, 5, 120) * DAY_MS));
    const dirty = subtype.includes('散排') ? 0.45 : subtype.includes('养殖') ? 0.3 : subtype.includes('污水处理') ? 0.06 : 0.15;
    const dry = mode === '雨季' ? 0.4 : mode === '间歇' ? 0.12 : 0.02;
    monitoringResult = weighted(r, ['超标', '未检出', '达标'] as const, [dirty, dry, Math.max(0.05, 1 - dirty - dry)]);
  }
  const traced = monitored && chance(r, monitoringResult === '超标' ? 0.95 : 0.82);
  const sourceDescription = traced
    ? (SOURCE_DESCRIPTIONS[subtype] ?? SOURCE_DESCRIPTIONS['其他排口']) + (monitoringResult === '超标' ? '；监测超标' : '') + (inZone ? '；位于饮用水水源保护区内，依法取缔' : '')
    : null;
  let remediationMeasure: RemediationMeasure;
  if (inZone) remediationMeasure = '取缔';
  else if (subtype.includes('散排')) remediationMeasure = weighted(r, ['取缔', '合并', '规范整治'] as const, [0.35, 0.35, 0.3]);
  else if (monitoringResult === '超标') remediationMeasure = weighted(r, ['取缔', '合并', '规范整治'] as const, [0.25, 0.2, 0.55]);
  else if (monitoringResult === '达标') remediationMeasure = weighted(r, ['保留', '规范整治'] as const, [0.8, 0.2]);
  else if (monitoringResult === '未检出') remediationMeasure = weighted(r, ['保留', '规范整治'] as const, [0.6, 0.4]);
  else remediationMeasure = weighted(r, ['规范整治', '保留'] as const, [0.6, 0.4]);
  let remediationStatus: RemediationStatus;
  if (remediationMeasure === '保留') remediationStatus = traced ? weighted(r, ['已完成', '整治中'] as const, [0.9, 0.1]) : '整治中';
  else if (traced) remediationStatus = weighted(r, ['已完成', '整治中', '未启动'] as const, inZone ? [0.7, 0.27, 0.03] : [0.55, 0.33, 0.12]);
  else remediationStatus = weighted(r, ['整治中', '未启动'] as const, [0.4, 0.6]);
  const after = monitoringDate ? T(monitoringDate) : surveyT;
  let deadline: number;
  if (remediationStatus === '已完成') deadline = uniformDate(r, Math.min(after + 60 * DAY_MS, T('2025-08-31')), T('2025-08-31'));
  else if (remediationStatus === '整治中') deadline = chance(r, 0.15) ? uniformDate(r, T('2025-06-30'), T('2025-09-10')) : uniformDate(r, T('2025-10-31'), T('2026-06-30'));
  else deadline = uniformDate(r, T('2025-12-31'), T('2026-12-31'));
  return { monitored, monitoringDate, monitoringResult, traced, sourceDescription, remediationMeasure, remediationStatus, remediationDeadline: iso(deadline) };
}

/** A receiving water's lines with a box around them, for "is another water nearer?" checks. */
interface IndexedWater {
  water: WaterBody;
  box: BBox;
}

function distanceToWater(p: LonLat, w: WaterBody): number {
  return Math.min(...w.lines.map((l) => pointLineDistanceM(p, l)));
}

/** True if some other water is within `margin` m of being as near to p as its own water (at distance own). */
function anotherWaterNearer(p: LonLat, own: WaterBody, ownD: number, index: IndexedWater[], margin: number): boolean {
  for (const { water, box } of index) {
    if (water === own || !inBBox(p, box)) continue;
    if (distanceToWater(p, water) < ownD + margin) return true;
  }
  return false;
}

/**
 * The outfalls of the treatment plants the report implies: each chemical park's plant
 * (or, for 高新区, the backbone enterprise's plant it relies on), and the municipal plants
 * whose tail-water wetlands the report names (宝丰县污水处理厂尾水人工湿地净化工程,
 * 郏县污水厂尾水湿地). Each sits on the bank of its receiving water nearest to `near`.
 */
interface FacilityOutfall {
  near: LonLat;
  water: string;
  /** The park whose plant it is; its `facility` names the plant. */
  parkId?: string;
  unit?: string;
  name?: string;
  category: OutfallCategory;
  subtype: string;
  source: string | null;
  /** The plant runs and its effluent was sampled (false for a plant not yet running). */
  running: boolean;
  measure: RemediationMeasure;
  status: RemediationStatus;
  deadline: string;
}

const FACILITY_OUTFALLS: FacilityOutfall[] = [
  { near: [112.889, 34.143], water: '北汝河', parkId: 'park-ruzhou', category: '工业排污口', subtype: '园区污水处理厂排污口', source: '园区企业废水经专业化工废水处理厂集中处理后的尾水', running: true, measure: '保留', status: '已完成', deadline: '2024-06-30' },
  { near: [113.319, 33.629], water: '沙河', parkId: 'park-yexian', category: '工业排污口', subtype: '园区污水处理厂排污口', source: '园区企业废水经专业化工废水处理厂集中处理后的尾水', running: true, measure: '保留', status: '已完成', deadline: '2024-06-30' },
  {
    near: [113.41, 33.674],
    water: '沙河',
    parkId: 'park-nylon',
    name: '尼龙新材料产业集聚区污水处理厂尾水人工净化工程排口',
    category: '工业排污口',
    subtype: '园区污水处理厂排污口',
    source: '园区企业废水经集中处理、尾水人工净化工程深度净化后的尾水',
    running: true,
    measure: '保留',
    status: '已完成',
    deadline: '2024-10-31',
  },
  { near: [113.344, 33.723], water: '湛河', parkId: 'park-gaoxin', category: '工业排污口', subtype: '园区污水处理厂排污口', source: '园区废水依托骨干企业自建污水处理站处理后的尾水', running: true, measure: '规范整治', status: '已完成', deadline: '2025-03-31' },
  // Built, awaiting commissioning: its outfall is set up but has not discharged, so nothing was sampled yet.
  { near: [113.034, 33.843], water: '净肠河', parkId: 'park-baofeng', category: '工业排污口', subtype: '园区污水处理厂排污口', source: null, running: false, measure: '规范整治', status: '整治中', deadline: '2025-12-31' },
  // Under construction, completion expected 2025-12: the outfall is registered with the plant's design.
  { near: [112.882, 33.889], water: '三里河', parkId: 'park-shilong', category: '工业排污口', subtype: '园区污水处理厂排污口', source: null, running: false, measure: '规范整治', status: '未启动', deadline: '2026-03-31' },
  {
    near: [113.088, 33.892],
    water: '净肠河',
    unit: '宝丰县污水处理厂',
    name: '宝丰县污水处理厂尾水人工湿地排口',
    category: '城镇污水处理厂排污口',
    subtype: '城镇污水处理厂排污口',
    source: '城镇生活污水经宝丰县污水处理厂处理、尾水人工湿地净化后排放（宝丰县污水处理厂尾水人工湿地净化工程）',
    running: true,
    measure: '保留',
    status: '已完成',
    deadline: '2023-12-31',
  },
  {
    near: [113.232, 33.945],
    water: '蓝河',
    unit: '郏县污水处理厂',
    name: '郏县污水处理厂尾水湿地排口',
    category: '城镇污水处理厂排污口',
    subtype: '城镇污水处理厂排污口',
    source: '城镇生活污水经郏县污水处理厂处理、尾水湿地净化后排放',
    running: true,
    measure: '保留',
    status: '已完成',
    deadline: '2024-05-31',
  },
];

/** The bank point 60 m off the water's nearest point, on the side of `near`. */
function bankPoint(water: WaterBody, near: LonLat): LonLat {
  let best = { d: Infinity, at: near, dir: [1, 0] as [number, number] };
  for (const line of water.lines) {
    for (let i = 0; i < line.length - 1; i++) {
      const { d, t } = pointSegment(near, line[i], line[i + 1]);
      if (d < best.d) {
        const len = distanceM(line[i], line[i + 1]);
        best = {
          d,
          at: [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])],
          dir: [((line[i + 1][0] - line[i][0]) * M_PER_DEG_LON) / len, ((line[i + 1][1] - line[i][1]) * M_PER_DEG_LAT) / len],
        };
      }
    }
  }
  const left = offsetM(best.at, -best.dir[1] * 60, best.dir[0] * 60);
  const right = offsetM(best.at, best.dir[1] * 60, -best.dir[0] * 60);
  const at = distanceM(left, near) <= distanceM(right, near) ? left : right;
  return [round6(at[0]), round6(at[1])];
}

type Draft = { water: WaterBody; at: LonLat; props: Omit<OutfallProperties, 'code' | 'name'>; label: string; name?: string };

function facilityDrafts(city: City, waters: WaterBody[], townships: Township[], parks: ParkFeature[], zones: ProtectionZoneFeature[], index: IndexedWater[]): Draft[] {
  return FACILITY_OUTFALLS.map((f) => {
    const water = waters.find((w) => w.name === f.water);
    if (!water) throw new Error(`facility outfall: no water ${f.water}`);
    const park = f.parkId ? parks.find((p) => p.properties.id === f.parkId) : undefined;
    if (f.parkId && !park) throw new Error(`facility outfall: no park ${f.parkId}`);
    const unit = park ? park.properties.facility : (f.unit as string);
    const at = bankPoint(water, f.near);
    const county = city.countyAt(at);
    if (!county) throw new Error(`facility outfall of ${unit} lies outside the city`);
    if (zoneAt(zones, at)) throw new Error(`facility outfall of ${unit} lies in a protection zone`);
    if (anotherWaterNearer(at, water, distanceToWater(at, water), index, 20)) throw new Error(`facility outfall of ${unit} is nearer another water than ${water.name}`);
    const surveyDate = '2023-06-12';
    const monitoringDate = f.running ? '2023-07-20' : null;
    return {
      water,
      at,
      label: '排污口',
      name: f.name ?? `${unit}排污口`,
      props: {
        category: f.category,
        subtype: f.subtype,
        river: water.name,
        countyCode: county.properties.code,
        countyName: county.properties.name,
        township: nearestTownship(townships, county.properties.code, at).name,
        lon: at[0],
        lat: at[1],
        dischargeMode: '连续',
        responsibleUnit: unit,
        surveyDate,
        monitored: f.running,
        monitoringDate,
        monitoringResult: f.running ? '达标' : null,
        traced: f.running,
        sourceDescription: f.running ? f.source : null,
        remediationMeasure: f.measure,
        remediationStatus: f.status,
        remediationDeadline: f.deadline,
        parkId: parks.find((p) => pointInPolygon(at, p.geometry))?.properties.id ?? null,
      },
    };
  });
}

/** Outfalls in a zone are the kinds a survey finds there: village drains, farms, stray pipes; never a plant or a factory. */
const ZONE_KINDS: [OutfallCategory, string][] = [
  ['其他排口', '农村生活污水散排口'],
  ['其他排口', '其他排口'],
  ['农业排口', '规模化畜禽养殖排污口'],
  ['农业排口', '规模化水产养殖排污口'],
];

export function generateOutfalls(city: City, waters: WaterBody[], townships: Township[], parks: ParkFeature[], zones: ProtectionZoneFeature[]): OutfallFeature[] {
  const r = makeRng('outfalls');
  const reservoirRings = waters.filter((w) => w.kind === 'reservoir').map((w) => w.lines[0]);
  const index: IndexedWater[] = waters.map((water) => {
    const b = bboxOf(water.lines.flat());
    const pad = MAX_DISTANCE_M / M_PER_DEG_LON;
    return { water, box: [b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad] };
  });
  const list = anchors(waters, city, townships, parks, reservoirRings, zones);
  const cumulative = new Float64Array(list.length);
  list.reduce((acc, a, i) => (cumulative[i] = acc + a.weight), 0);
  const facilities = facilityDrafts(city, waters, townships, parks, zones, index);
  const target = int(r, OUTFALL_COUNT_RANGE[0] + 80, OUTFALL_COUNT_RANGE[1] - 80);
  const taken = new Set<string>(facilities.map((d) => `${d.at[0]},${d.at[1]}`));
  const drafts: Draft[] = [...facilities];
  for (let attempts = 0; drafts.length < target; attempts++) {
    if (attempts > target * 20) throw new Error('cannot place the outfalls: check the water lines');
    const a = list[drawCumulative(r, cumulative)];
    // Step off the water line sideways (to the land side for a reservoir) and a little along it.
    const across = uniform(r, 12, 270);
    let side = chance(r, 0.5) ? 1 : -1;
    const along = uniform(r, -ANCHOR_SPACING_M / 2, ANCHOR_SPACING_M / 2);
    const place = (s: number): LonLat => offsetM(a.at, a.dir[0] * along - s * a.dir[1] * across, a.dir[1] * along + s * a.dir[0] * across);
    let at = place(side);
    if (a.water.kind === 'reservoir' && pointInRing(at, a.water.lines[0])) {
      side = -side;
      at = place(side);
    }
    at = [round6(at[0]), round6(at[1])];
    const key = `${at[0]},${at[1]}`;
    if (taken.has(key)) continue;
    const county = city.countyAt(at);
    if (!county) continue;
    if (reservoirRings.some((ring) => pointInRing(at, ring))) continue;
    const zone = zoneAt(zones, at);
    // A drinking-water reservoir's zone is the land that drains into it: a bank point outside it lies behind a dam or dyke.
    if (a.water.kind === 'reservoir' && zone?.properties.reservoir !== a.water.name && zones.some((z) => z.properties.reservoir === a.water.name)) continue;
    const dist = distanceToWater(at, a.water);
    if (dist > MAX_DISTANCE_M - 20) continue;
    // Near a confluence the outfall belongs to the nearer water: its record must name the water it sits by.
    if (anotherWaterNearer(at, a.water, dist, index, 20)) continue;
    taken.add(key);
    const park = parks.find((p) => pointInPolygon(at, p.geometry)) ?? null;
    const township = nearestTownship(townships, county.properties.code, at);
    const inZone = zone !== null;
    const context: Context = park || parks.some((p) => distanceM(at, ringCentroid(p.geometry.coordinates[0])) < 1500) ? 'park' : township.weight > 1 && distanceM(at, township.at) < 3500 ? 'urban' : 'rural';
    let category: OutfallCategory;
    let subtype: string;
    if (inZone) [category, subtype] = pick(r, ZONE_KINDS);
    else {
      const [cats, weights] = CATEGORY_WEIGHTS[context];
      category = weighted(r, cats, weights);
      subtype = subtypeOf(r, category, context);
    }
    const dischargeMode = dischargeModeOf(r, subtype);
    const village = `${pick(r, VILLAGES)}村`;
    const responsibleUnit = responsibleUnitOf(r, subtype, { countyName: county.properties.name, township: township.name, village, water: a.water.name, park });
    const surveyT = uniformDate(r, T('2023-05-01'), T('2024-12-20'));
    drafts.push({
      water: a.water,
      at,
      label: LABELS[subtype] ?? '排口',
      props: {
        category,
        subtype,
        river: a.water.name,
        countyCode: county.properties.code,
        countyName: county.properties.name,
        township: township.name,
        lon: at[0],
        lat: at[1],
        dischargeMode,
        responsibleUnit,
        surveyDate: iso(surveyT),
        ...surveySteps(r, subtype, dischargeMode, surveyT, inZone),
        parkId: park ? park.properties.id : null,
      },
    });
  }
  // Codes run along each water from west to east, so neighbours have neighbouring codes.
  const order = new Map(waters.map((w, i) => [w.name, i]));
  drafts.sort((x, y) => order.get(x.water.name)! - order.get(y.water.name)! || x.at[0] - y.at[0] || x.at[1] - y.at[1]);
  const serial = new Map<string, number>();
  const nameCount = new Map<string, number>();
  return drafts.map((d) => {
    const n = (serial.get(d.water.code) ?? 0) + 1;
    serial.set(d.water.code, n);
    const code = `PDS-${d.water.code}-${String(n).padStart(4, '0')}`;
    let name = d.name;
    if (!name) {
      const base = d.props.subtype.startsWith('工矿企业') ? `${d.props.responsibleUnit}${d.label}` : `${d.water.name}${d.props.township}${d.label}`;
      const k = (nameCount.get(base) ?? 0) + 1;
      nameCount.set(base, k);
      name = `${base}${k}号`;
    }
    const properties: OutfallProperties = { code, name, ...d.props };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [d.at[0], d.at[1]] } };
  });
}
