// The columns of real ledgers matched to the outfall record by their header texts.
import { describe, expect, it } from 'vitest';
import { IMPORT_FIELD_LABELS, REQUIRED_FIELDS, guessMapping, missingRequiredFields } from '../../src/import/column_mapping';
import { OUTFALL_FIELD_LABELS } from '../../src/data/types';

describe('guessMapping', () => {
  it('a county ledger: short names, units in full-width brackets, 县（市、区）', () => {
    const headers = [
      '序号',
      '排口编号',
      '排口名称',
      '经度（°）',
      '纬度（°）',
      '排口类型',
      '排口子类',
      '受纳水体',
      '所在县（市、区）',
      '乡镇（街道）',
      '责任单位',
      '排放方式',
      '排查日期',
      '整治措施',
      '整治进度',
      '完成时限',
      '备注',
    ];
    expect(guessMapping(headers)).toEqual({
      code: '排口编号',
      name: '排口名称',
      lon: '经度（°）',
      lat: '纬度（°）',
      category: '排口类型',
      subtype: '排口子类',
      river: '受纳水体',
      countyName: '所在县（市、区）',
      township: '乡镇（街道）',
      responsibleUnit: '责任单位',
      dischargeMode: '排放方式',
      surveyDate: '排查日期',
      remediationMeasure: '整治措施',
      remediationStatus: '整治进度',
      remediationDeadline: '完成时限',
    });
  });

  it('the survey’s full names, with spaces, and the 查-测-溯-治 columns', () => {
    const headers = [
      '排污口编码',
      ' 排污口名称 ',
      '东经',
      '北纬',
      '排污口类型',
      '入河名称',
      '县区',
      '乡镇',
      '责任主体',
      '是否监测',
      '监测日期',
      '监测结果',
      '是否溯源',
      '污染来源',
      '整治类型',
      '整治状态',
      '整治期限',
    ];
    expect(guessMapping(headers)).toEqual({
      code: '排污口编码',
      name: ' 排污口名称 ',
      lon: '东经',
      lat: '北纬',
      category: '排污口类型',
      river: '入河名称',
      countyName: '县区',
      township: '乡镇',
      responsibleUnit: '责任主体',
      monitored: '是否监测',
      monitoringDate: '监测日期',
      monitoringResult: '监测结果',
      traced: '是否溯源',
      sourceDescription: '污染来源',
      remediationMeasure: '整治类型',
      remediationStatus: '整治状态',
      remediationDeadline: '整治期限',
    });
  });

  it('one column of coordinates, generic names and a GIS export’s English fields', () => {
    expect(guessMapping(['编号', '名称', '类别', '经纬度', '河流'])).toEqual({
      code: '编号',
      name: '名称',
      category: '类别',
      coordinates: '经纬度',
      river: '河流',
    });
    expect(guessMapping(['编码', '名称', '类型', '坐标'])).toEqual({ code: '编码', name: '名称', category: '类型', coordinates: '坐标' });
    expect(guessMapping(['CODE', 'Name', 'TYPE', 'LNG', 'LAT', 'river'])).toEqual({
      code: 'CODE',
      name: 'Name',
      category: 'TYPE',
      lon: 'LNG',
      lat: 'LAT',
      river: 'river',
    });
    expect(guessMapping(['X坐标', 'Y坐标', '排口代码', '排口名称', '排口分类'])).toEqual({
      lon: 'X坐标',
      lat: 'Y坐标',
      code: '排口代码',
      name: '排口名称',
      category: '排口分类',
    });
  });

  it('names that only contain a field’s name, by pattern, without taking a column another field names exactly', () => {
    expect(guessMapping(['入河排污口编号（新）', '排污口名称', '经度(E)', '纬度(N)', '排污口类别', '排口子类', '所属县市区', '乡镇/街道'])).toEqual({
      code: '入河排污口编号（新）',
      name: '排污口名称',
      lon: '经度(E)',
      lat: '纬度(N)',
      category: '排污口类别',
      subtype: '排口子类',
      countyName: '所属县市区',
      township: '乡镇/街道',
    });
  });

  it('leaves out columns it cannot place, and maps each column once', () => {
    const mapping = guessMapping(['备注', '联系人', '电话', '名称', '名称']);
    expect(mapping).toEqual({ name: '名称' });
  });
});

describe('required fields', () => {
  it('lists what a mapping lacks, in Chinese', () => {
    expect(REQUIRED_FIELDS).toEqual(['code', 'name', 'category']);
    expect(missingRequiredFields({})).toEqual(['编码', '名称', '类别', '经度和纬度（或一列坐标）']);
    expect(missingRequiredFields({ code: 'a', name: 'b', category: 'c', lon: 'd' })).toEqual(['经度和纬度（或一列坐标）']);
    expect(missingRequiredFields({ code: 'a', name: 'b', category: 'c', lon: 'd', lat: 'e' })).toEqual([]);
    expect(missingRequiredFields({ code: 'a', name: 'b', category: 'c', coordinates: 'd' })).toEqual([]);
  });

  it('a file of features has its position in its points', () => {
    expect(missingRequiredFields({ code: 'a', name: 'b', category: 'c' }, 'features')).toEqual([]);
    expect(missingRequiredFields({ name: 'b' }, 'features')).toEqual(['编码', '类别']);
  });

  it('labels every field, with the outfall record’s own names', () => {
    expect(IMPORT_FIELD_LABELS.countyName).toBe(OUTFALL_FIELD_LABELS.countyName);
    expect(IMPORT_FIELD_LABELS.remediationDeadline).toBe('整治期限');
    expect(IMPORT_FIELD_LABELS.coordinates).toBe('坐标（经度,纬度）');
  });
});
