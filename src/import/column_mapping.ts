// Which column of a ledger fills which field of the outfall record, guessed from the
// header texts. Ledgers of the same survey name their columns differently from county
// to county (编码, 排口编号, 排污口编码 …), add units (经度（°）) and spaces, and use
// full-width brackets: a header is compared without any of those. A guess is only a
// starting point: the import dialog shows it and the user corrects it.

import { OUTFALL_FIELD_LABELS } from '../data/types';
import type { ColumnMapping, ImportField } from './types';

/** The Chinese name of each field a column can fill, for the mapping dialog and messages. */
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  code: OUTFALL_FIELD_LABELS.code,
  name: OUTFALL_FIELD_LABELS.name,
  lon: OUTFALL_FIELD_LABELS.lon,
  lat: OUTFALL_FIELD_LABELS.lat,
  coordinates: '坐标（经度,纬度）',
  category: OUTFALL_FIELD_LABELS.category,
  subtype: OUTFALL_FIELD_LABELS.subtype,
  river: OUTFALL_FIELD_LABELS.river,
  countyName: OUTFALL_FIELD_LABELS.countyName,
  township: OUTFALL_FIELD_LABELS.township,
  responsibleUnit: OUTFALL_FIELD_LABELS.responsibleUnit,
  dischargeMode: OUTFALL_FIELD_LABELS.dischargeMode,
  surveyDate: OUTFALL_FIELD_LABELS.surveyDate,
  monitored: OUTFALL_FIELD_LABELS.monitored,
  monitoringDate: OUTFALL_FIELD_LABELS.monitoringDate,
  monitoringResult: OUTFALL_FIELD_LABELS.monitoringResult,
  traced: OUTFALL_FIELD_LABELS.traced,
  sourceDescription: OUTFALL_FIELD_LABELS.sourceDescription,
  remediationMeasure: OUTFALL_FIELD_LABELS.remediationMeasure,
  remediationStatus: OUTFALL_FIELD_LABELS.remediationStatus,
  remediationDeadline: OUTFALL_FIELD_LABELS.remediationDeadline,
};

/** Fields every row must have; the position is either `lon` and `lat` or `coordinates` (or, for features, the point). */
export const REQUIRED_FIELDS = ['code', 'name', 'category'] as const satisfies readonly ImportField[];

/**
 * Header names of each field, as `compact` writes them. The order of the fields matters
 * where one name contains another: 排口子类 is the subtype before 类 makes it a category,
 * 监测日期 the monitoring date before 监测 makes it "monitored".
 */
const NAMES: [ImportField, string[], RegExp | null][] = [
  ['subtype', ['排口子类', '排污口子类', '子类', '排口小类', '小类', '子类型', '细类', 'subtype'], /子类|小类/],
  ['surveyDate', ['排查日期', '排查时间', '发现日期', '发现时间', '调查日期', '核查日期', 'surveydate'], /排查(日期|时间)/],
  ['monitoringDate', ['监测日期', '监测时间', '采样日期', '采样时间', 'monitoringdate'], /(监测|采样)(日期|时间)/],
  ['monitoringResult', ['监测结果', '监测结论', '是否达标', '达标情况', '水质是否达标', 'monitoringresult'], /监测结果|达标/],
  ['monitored', ['是否监测', '是否已监测', '是否开展监测', '监测情况', '已监测', '监测', 'monitored'], /是否.*监测/],
  ['sourceDescription', ['溯源结果', '溯源结论', '污染来源', '污水来源', '排污来源', '来源', 'sourcedescription'], /溯源结果|来源/],
  ['traced', ['是否溯源', '是否已溯源', '是否完成溯源', '溯源情况', '溯源', 'traced'], /是否.*溯源/],
  [
    'remediationDeadline',
    ['整治期限', '完成时限', '整治时限', '完成期限', '整治完成时限', '计划完成时间', '计划完成日期', '时限要求', 'remediationdeadline'],
    /时限|期限/,
  ],
  ['remediationMeasure', ['整治措施', '整治类型', '整治方式', '整治类别', '整治分类', '整治方案', 'remediationmeasure'], /整治(措施|类型|方式)/],
  ['remediationStatus', ['整治状态', '整治进度', '整治进展', '整治情况', '整治完成情况', '完成情况', 'remediationstatus'], /整治(状态|进度|进展)/],
  [
    'code',
    ['排污口编码', '排口编码', '入河排污口编码', '编码', '排口编号', '排污口编号', '编号', '排口代码', '排污口代码', 'code', 'outfallcode'],
    /(排污口|排口).*(编码|编号|代码)/,
  ],
  ['name', ['排污口名称', '排口名称', '入河排污口名称', '名称', 'name', '名字'], /(排污口|排口).*名称/],
  ['coordinates', ['坐标', '经纬度', '经纬度坐标', '地理坐标', '位置坐标', '排口坐标', '中心坐标', 'coordinates', 'lonlat', 'lnglat'], /经纬度/],
  ['lon', ['经度', '东经', 'x坐标', 'x', 'pointx', 'lon', 'lng', 'long', 'longitude', '排口经度'], /经度|东经/],
  ['lat', ['纬度', '北纬', 'y坐标', 'y', 'pointy', 'lat', 'latitude', '排口纬度'], /纬度|北纬/],
  [
    'category',
    ['排口类型', '排污口类型', '排口类别', '排污口类别', '排口分类', '排污口分类', '类别', '类型', '分类', 'category', 'type'],
    /(排口|排污口).*(类型|类别|分类)/,
  ],
  ['river', ['受纳水体', '受纳水体名称', '入河名称', '河流', '河流名称', '受纳河流', '所在河流', '入河水体', '排入水体', '水体', 'river'], /受纳|河流|水体/],
  [
    'countyName',
    [
      '所在县区',
      '县区',
      '县市区',
      '所在县市区',
      '区县',
      '所在区县',
      '所属县区',
      '县区名称',
      '行政区',
      '县级行政区',
      '行政区划代码',
      '区县代码',
      '县区代码',
      'county',
    ],
    /县|区县/,
  ],
  ['township', ['乡镇', '乡镇街道', '所在乡镇', '所属乡镇', '乡镇名称', '街道', '乡', 'township', 'town'], /乡镇|街道/],
  [
    'responsibleUnit',
    ['责任主体', '责任单位', '排污单位', '排污口设置单位', '设置单位', '管理单位', '运营单位', '责任主体名称', 'responsibleunit'],
    /责任(主体|单位)/,
  ],
  ['dischargeMode', ['排放方式', '排水方式', '排放规律', '排放类型', 'dischargemode'], /排放(方式|规律)/],
];

/**
 * A header as the names above are written: full-width forms as ASCII (NFKC), lower
 * case, without spaces, underscores, punctuation or what a bracket holds (a unit, as
 * in 经度（°）) — except where the bracket is the name, as in 县（市、区）, which
 * `flat` reads as 县市区.
 */
function compact(header: string): { bare: string; flat: string } {
  const text = header.normalize('NFKC').toLowerCase();
  const strip = (s: string) => s.replace(/[\s_\-.:：、,，/\\'"“”·*]+/g, '');
  return {
    bare: strip(text.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, '')),
    flat: strip(text.replace(/[()[\]【】〔〕]/g, '')),
  };
}

/** Which column fills which field, from the header texts; columns no name fits are left out. */
export function guessMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<number>();
  const forms = headers.map(compact);
  const assign = (field: ImportField, index: number) => {
    mapping[field] = headers[index];
    used.add(index);
  };
  // Exact names first, for every field, so that a pattern never takes a column another field names exactly.
  for (const [field, names] of NAMES) {
    const index = forms.findIndex((f, i) => !used.has(i) && (names.includes(f.bare) || names.includes(f.flat)));
    if (index >= 0) assign(field, index);
  }
  for (const [field, , pattern] of NAMES) {
    if (mapping[field] !== undefined || !pattern) continue;
    const index = forms.findIndex((f, i) => !used.has(i) && (pattern.test(f.bare) || pattern.test(f.flat)));
    if (index >= 0) assign(field, index);
  }
  return mapping;
}

/**
 * The required fields a mapping leaves out, in Chinese (empty: it has them all). A
 * file of features has its position in its points, not in a column.
 */
export function missingRequiredFields(mapping: ColumnMapping, kind: 'table' | 'features' = 'table'): string[] {
  const missing: string[] = REQUIRED_FIELDS.filter((field) => !mapping[field]).map((field) => IMPORT_FIELD_LABELS[field]);
  if (kind === 'table' && !(mapping.lon && mapping.lat) && !mapping.coordinates) missing.push('经度和纬度（或一列坐标）');
  return missing;
}
