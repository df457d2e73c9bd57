// Key polluting enterprises (重点排污单位): the report's 3 steel plants (all with their
// ultra-low-emission retrofits done and published), 6 coking plants (5 done) and 5 cement
// plants (3 done). The counts and statuses are the report's; which plant is which, the
// names (marked 「演示」) and the positions are invented, each placed at an industrial
// site of the kind the plant belongs to (data/README.md says what each follows).
import type { EnterpriseFeature, EnterpriseIndustry, EnterpriseProperties, RetrofitStatus } from '../../src/data/types.ts';
import type { City } from './counties.ts';
import { roundPosition, type LonLat } from './geo.ts';
import { nearestTownship, type Township } from './townships.ts';

export interface EnterpriseSite {
  id: string;
  name: string;
  industry: EnterpriseIndustry;
  retrofitStatus: RetrofitStatus;
  site: string;
  at: LonLat;
}

export const ENTERPRISE_SITES: EnterpriseSite[] = [
  // Steel: 舞钢 is the city's steel base (舞阳钢铁); the city plan makes the east district (东区) its industrial zone.
  { id: 'ent-steel-1', name: '「演示」舞钢钢铁厂', industry: '钢铁', retrofitStatus: '已完成并公示', site: '舞钢钢铁基地', at: [113.495, 33.322] },
  { id: 'ent-steel-2', name: '「演示」舞钢八台特钢厂', industry: '钢铁', retrofitStatus: '已完成并公示', site: '舞钢钢铁基地（八台）', at: [113.475, 33.395] },
  { id: 'ent-steel-3', name: '「演示」东区钢铁厂', industry: '钢铁', retrofitStatus: '已完成并公示', site: '平顶山东区工业区', at: [113.425, 33.762] },
  // Coking: beside the coal: 宝丰's coal park and its west by 石龙区 (韩庄), 石龙区, and the coal-chemical parks.
  { id: 'ent-coke-1', name: '「演示」宝丰煤炭产业园焦化厂', industry: '焦化', retrofitStatus: '已完成并公示', site: '宝丰煤炭产业园', at: [113.04, 33.836] },
  { id: 'ent-coke-2', name: '「演示」宝丰韩庄焦化厂', industry: '焦化', retrofitStatus: '已完成并公示', site: '宝丰县西部煤焦区（韩庄）', at: [112.965, 33.895] },
  { id: 'ent-coke-3', name: '「演示」石龙焦化厂', industry: '焦化', retrofitStatus: '未完成', site: '石龙区先进制造业开发区', at: [112.862, 33.874] },
  { id: 'ent-coke-4', name: '「演示」高新区焦化厂', industry: '焦化', retrofitStatus: '已完成并公示', site: '高新技术产业开发区', at: [113.35, 33.722] },
  { id: 'ent-coke-5', name: '「演示」汝州焦化厂', industry: '焦化', retrofitStatus: '已完成并公示', site: '汝州经济技术开发区', at: [112.897, 34.137] },
  { id: 'ent-coke-6', name: '「演示」叶县尼龙城焦化厂', industry: '焦化', retrofitStatus: '已完成并公示', site: '尼龙新材料开发区', at: [113.385, 33.7] },
  // Cement: on the limestone of the hills, 汝州's west and north, 宝丰's west, 鲁山's 梁洼, 叶县's south-west.
  { id: 'ent-cement-1', name: '「演示」汝州蟒川水泥厂', industry: '水泥', retrofitStatus: '已完成并公示', site: '汝州西部山区（蟒川）', at: [112.715, 34.06] },
  { id: 'ent-cement-2', name: '「演示」汝州北山水泥厂', industry: '水泥', retrofitStatus: '已完成并公示', site: '汝州北部山区', at: [112.8, 34.255] },
  { id: 'ent-cement-3', name: '「演示」宝丰前营水泥厂', industry: '水泥', retrofitStatus: '已完成并公示', site: '宝丰县西部山区（前营）', at: [112.885, 33.95] },
  { id: 'ent-cement-4', name: '「演示」鲁山梁洼水泥厂', industry: '水泥', retrofitStatus: '未完成', site: '鲁山县梁洼镇', at: [112.985, 33.805] },
  { id: 'ent-cement-5', name: '「演示」叶县保安水泥厂', industry: '水泥', retrofitStatus: '未完成', site: '叶县西南山区（保安）', at: [113.27, 33.475] },
];

export function generateEnterprises(city: City, townships: Township[]): EnterpriseFeature[] {
  return ENTERPRISE_SITES.map((e) => {
    const county = city.countyAt(e.at);
    if (!county) throw new Error(`enterprise ${e.id} lies outside the city`);
    const properties: EnterpriseProperties = {
      id: e.id,
      name: e.name,
      industry: e.industry,
      retrofitStatus: e.retrofitStatus,
      countyCode: county.properties.code,
      countyName: county.properties.name,
      township: nearestTownship(townships, county.properties.code, e.at).name,
      site: e.site,
    };
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: roundPosition(e.at) } };
  });
}
