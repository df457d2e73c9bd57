// Outfall records for tests: every field filled, the ones a test cares about overridden.

import type { OutfallProperties } from '../../../src/data/types';

export function makeOutfall(overrides: Partial<OutfallProperties> & Pick<OutfallProperties, 'code'>): OutfallProperties {
  return {
    name: `排口${overrides.code}`,
    category: '其他排口',
    subtype: '其他',
    river: '沙河',
    countyCode: '410402',
    countyName: '新华区',
    township: '焦店镇',
    lon: 113.2,
    lat: 33.7,
    dischargeMode: '连续',
    responsibleUnit: '某单位',
    surveyDate: '2024-01-01',
    monitored: false,
    monitoringDate: null,
    monitoringResult: null,
    traced: false,
    sourceDescription: null,
    remediationMeasure: '保留',
    remediationStatus: '未启动',
    remediationDeadline: '2026-12-31',
    parkId: null,
    ...overrides,
  };
}
