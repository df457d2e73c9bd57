import { useEffect, useRef, useState } from 'preact/hooks';
import { OUTFALL_CATEGORIES, OUTFALL_FIELD_LABELS } from '../../data/types';
import type { OutfallCategory } from '../../data/types';
import type { ApplyMode, ColumnMapping, CoordinateSystem, ImportField, ParsedImport } from '../../import/types';
import { POLLUTANTS } from '../../data/hotspot_grid_format';
import type { Pollutant } from '../../data/hotspot_grid_format';
import bbox from '@turf/bbox';
import { requestBounds, setImportPanelOpen, setImportPreview } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { download } from '../download';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import type { CheckedImport, GeoTiffChoice, ImportServices, ImportTarget } from './import_services';

/** The fields a column can fill, in the order of a ledger. */
const FIELDS: { field: ImportField; label: string }[] = [
  ...(['code', 'name', 'category', 'lon', 'lat'] as const).map((field) => ({ field, label: OUTFALL_FIELD_LABELS[field] })),
  { field: 'coordinates', label: '经纬度（同一列）' },
  ...(
    [
      'subtype',
      'river',
      'countyName',
      'township',
      'responsibleUnit',
      'dischargeMode',
      'surveyDate',
      'monitored',
      'monitoringDate',
      'monitoringResult',
      'traced',
      'sourceDescription',
      'remediationMeasure',
      'remediationStatus',
      'remediationDeadline',
    ] as const
  ).map((field) => ({ field, label: OUTFALL_FIELD_LABELS[field] })),
];

const SYSTEMS: { value: CoordinateSystem; label: string }[] = [
  { value: 'wgs84', label: 'WGS84 / CGCS2000（GPS、天地图）' },
  { value: 'gcj02', label: 'GCJ-02（高德、腾讯）' },
  { value: 'bd09', label: 'BD-09（百度）' },
];

/** Rejected rows listed in the panel; all of them are in the CSV. */
const REJECTED_SHOWN = 100;

const ACCEPT = '.csv,.txt,.xlsx,.geojson,.json,.zip,.kml,.tif,.tiff';

const POLLUTANT_NAMES: Record<Pollutant, string> = { pm25: 'PM2.5', pm10: 'PM10', o3: 'O₃', no2: 'NO₂' };

/** A GeoTIFF is read by the grid's reader directly, not as a table or features. */
const isTiff = (file: File) => /\.tiff?$/i.test(file.name);

const n = (x: number) => x.toLocaleString('zh-CN');

/** The columns (or a feature file's property names) a mapping chooses among. */
const columnsOf = ({ preview }: ParsedImport): string[] => (preview.kind === 'table' ? preview.headers : preview.fields);

/**
 * 导入数据: a file (picked or dropped) read in a worker with a progress bar; for outfalls
 * its columns matched to the record's fields (guessed, correctable), the coordinate
 * system, then every row checked and shown: the accepted ones on the map, the rejected
 * ones with their reasons (and as a CSV); then replace or merge, with what that changes.
 */
export function ImportPanel({ state, services }: { state: AppState; services: ImportServices }) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [parsed, setParsed] = useState<ParsedImport | null>(null);
  const [targetKind, setTargetKind] = useState<string>('outfalls');
  const [newTitle, setNewTitle] = useState('');
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [crs, setCrs] = useState<CoordinateSystem>('wgs84');
  const [swap, setSwap] = useState(false);
  const [categoryMap, setCategoryMap] = useState<Record<string, OutfallCategory | null>>({});
  const [checked, setChecked] = useState<CheckedImport | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [mode, setMode] = useState<ApplyMode>('replace');
  const [applying, setApplying] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [tiff, setTiff] = useState<GeoTiffChoice | null>(null);
  const checkRun = useRef(0);
  /** The file whose rows the map has been brought to: once per file, not at every change of the mapping. */
  const shownFile = useRef<ParsedImport | File | null>(null);
  const open = state.importPanelOpen.value;

  const target: ImportTarget =
    targetKind === 'outfalls' || targetKind === 'grid' || targetKind === 'stations'
      ? { kind: targetKind }
      : targetKind === 'new'
        ? { kind: 'new-layer', title: newTitle.trim() }
        : { kind: 'layer', layerId: targetKind };
  const missing = parsed && target.kind === 'outfalls' ? services.missingFields(mapping, parsed) : [];

  const choose = (chosen: File | null | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    setParsed(null);
    setChecked(null);
    setDone(null);
    setReadError(null);
    setProgress(0);
    setSwap(false);
    setCategoryMap({});
    setTiff(null);
    if (isTiff(chosen)) {
      // One band per day: the user says from which day and of what (a GeoTIFF does not).
      setProgress(null);
      setTargetKind('grid');
      setTiff({ firstDate: '', pollutant: 'pm25' });
      return;
    }
    services
      .read(chosen, setProgress)
      .then((result) => {
        setParsed(result);
        setMapping(result.guessedMapping);
        // A table is a ledger of outfalls or daily values by its columns; a file of shapes is most often a layer of its own.
        setTargetKind(services.suggestTarget(result));
        if (result.preview.kind === 'features') setNewTitle(chosen.name.replace(/\.[^.]+$/, ''));
      })
      .catch((error: unknown) => setReadError(error instanceof Error ? error.message : String(error)))
      .finally(() => setProgress(null));
  };

  // Every change of the file, the mapping or the coordinates checks the rows again (the latest check wins).
  useEffect(() => {
    const checking = checkFor();
    if (!checking) return;
    const run = ++checkRun.current;
    setCheckError(null);
    checking
      .then((result) => {
        if (run !== checkRun.current) return;
        setChecked(result);
        const preview = previewOf(result);
        setImportPreview(state, preview);
        // Bring the rows into view once, clear of the panel (on the right; a sheet at the bottom on a phone).
        const shown = parsed ?? file;
        const bounds =
          result.kind === 'outfalls'
            ? result.validation.bounds
            : preview && !(preview instanceof ArrayBuffer) && preview.features.length > 0
              ? bbox(preview)
              : null;
        if (bounds && shownFile.current !== shown) {
          shownFile.current = shown;
          const [w, s, e, n] = bounds;
          requestBounds(
            state,
            [w, s, e, n],
            state.phoneLayout.peek() ? { top: 0, right: 0, bottom: 0.55, left: 0 } : { top: 0, right: 0.42, bottom: 0, left: 0 },
          );
        }
      })
      .catch((error: unknown) => {
        if (run !== checkRun.current) return;
        setChecked(null);
        setImportPreview(state, null);
        setCheckError(error instanceof Error ? error.message : String(error));
      });
  }, [parsed, mapping, crs, swap, categoryMap, targetKind, tiff?.firstDate, tiff?.pollutant]);

  /** The check the file and the choices so far call for, or null while something is still to choose. */
  function checkFor(): Promise<CheckedImport> | null {
    if (file && tiff) {
      if (!tiff.firstDate) return null;
      return services.checkGeoTiff(file, tiff).then((validation) => ({ kind: 'grid', validation }));
    }
    if (!parsed) return null;
    if (target.kind === 'outfalls')
      return services.checkOutfalls(parsed, { mapping, crs, swapLonLat: swap, categoryMap }).then((validation) => ({ kind: 'outfalls', validation }));
    if (target.kind === 'grid' || target.kind === 'stations') {
      if (parsed.preview.kind !== 'table') return Promise.reject(new Error('热点网格和站点的逐日数据请用表格（CSV 或 Excel）或 GeoTIFF 文件'));
      return target.kind === 'grid'
        ? services.checkGrid(parsed).then((validation) => ({ kind: 'grid', validation }))
        : services.checkStations(parsed).then((validation) => ({ kind: 'stations', validation }));
    }
    if (parsed.preview.kind === 'features') return services.checkFeatures(parsed, crs, target).then((validation) => ({ kind: 'features', validation }));
    return Promise.reject(new Error('表格只能导入为排污口、热点网格或站点数据；线和面的图层请用 GeoJSON、Shapefile 或 KML 文件'));
  }

  if (!open) return null;

  const accepted = checked ? acceptedCount(checked) : 0;
  const rejected = checked?.validation.rejected ?? [];
  const read = checked?.validation.read ?? 0;
  const merge = checked?.kind === 'outfalls' ? checked.validation.outcome : null;
  const rejectedCount = checked?.kind === 'outfalls' ? checked.validation.rejectedCount : rejected.length;
  const canApply = checked && accepted > 0 && missing.length === 0 && !applying && (target.kind !== 'new-layer' || target.title !== '');
  const layerChoices = state.layers.value.filter((l) => l.id !== 'outfalls' && l.format === 'geojson');

  const apply = () => {
    if (!checked || !file) return;
    setApplying(true);
    services
      .apply(target, checked, mode, file.name)
      .then((text) => {
        setDone(text);
        setChecked(null);
        setParsed(null);
        setImportPreview(state, null);
      })
      .catch((error: unknown) => setCheckError(`导入失败，数据没有改变：${error instanceof Error ? error.message : String(error)}`))
      .finally(() => setApplying(false));
  };

  return (
    <section id="import-panel" class="side-panel import-panel" role="dialog" aria-labelledby="import-panel-title">
      <SidePanelHeader id="import-panel-title" title="导入数据" onClose={() => setImportPanelOpen(state, false)} />
      <div class="side-panel__body">
        <div
          class={`import-drop${dragging ? ' import-drop--over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            choose(e.dataTransfer?.files[0]);
          }}
        >
          <label class="import-file">
            选择文件
            <input type="file" accept={ACCEPT} onChange={(e) => choose(e.currentTarget.files?.[0])} />
          </label>
          <p class="side-panel__note">或把文件拖到这里。CSV（UTF-8 或 GBK）、Excel（.xlsx）、GeoJSON、Shapefile（.zip）、KML。</p>
        </div>
        {file && (
          <p class="import-file-name">
            {file.name}（{n(Math.ceil(file.size / 1024))} KB{parsed ? `，${n(parsed.count)} ${parsed.preview.kind === 'table' ? '行' : '个要素'}` : ''}）
          </p>
        )}
        {progress !== null && (
          <label class="import-progress">
            正在读取文件
            <progress aria-label="读取进度" max={1} value={progress} />
          </label>
        )}
        {readError && (
          <p class="filter-problem" role="alert">
            {readError}
          </p>
        )}
        {tiff && (
          <fieldset class="filter-group">
            <legend>GeoTIFF：每个波段一天</legend>
            <label class="filter-field">
              第一个波段的日期
              <input type="date" value={tiff.firstDate} onInput={(e) => setTiff({ ...tiff, firstDate: e.currentTarget.value })} />
            </label>
            <label class="filter-field">
              污染物
              <select value={tiff.pollutant} onChange={(e) => setTiff({ ...tiff, pollutant: e.currentTarget.value as Pollutant })}>
                {POLLUTANTS.map((p) => (
                  <option key={p} value={p}>
                    {POLLUTANT_NAMES[p]}
                  </option>
                ))}
              </select>
            </label>
          </fieldset>
        )}
        {parsed && (
          <>
            <label class="filter-field">
              导入到
              <select value={targetKind} onChange={(e) => setTargetKind(e.currentTarget.value)}>
                <option value="outfalls">排污口</option>
                <option value="grid">热点网格（逐日数据）</option>
                <option value="stations">国控站点（逐日数据）</option>
                {layerChoices.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.title}
                  </option>
                ))}
                <option value="new">新图层</option>
              </select>
            </label>
            {target.kind === 'new-layer' && (
              <label class="filter-field">
                图层名称
                <input type="text" value={newTitle} onInput={(e) => setNewTitle(e.currentTarget.value)} />
              </label>
            )}
            {target.kind !== 'grid' && target.kind !== 'stations' && (
              <fieldset class="filter-group">
                <legend>坐标系</legend>
                {SYSTEMS.map((s) => (
                  <label key={s.value} class="filter-choice">
                    <input type="radio" name="import-crs" checked={crs === s.value} onChange={() => setCrs(s.value)} />
                    {s.label}
                  </label>
                ))}
              </fieldset>
            )}
            {target.kind === 'outfalls' && <MappingControls columns={columnsOf(parsed)} mapping={mapping} onChange={setMapping} missing={missing} />}
            {checked?.kind === 'outfalls' && (checked.validation.swapSuspected || swap) && (
              <label class="filter-choice import-swap">
                <input type="checkbox" checked={swap} onChange={(e) => setSwap(e.currentTarget.checked)} />
                经度和纬度似乎写反了：交换两列
              </label>
            )}
            {checked?.kind === 'outfalls' && checked.validation.unknownCategories.length > 0 && (
              <fieldset class="filter-group">
                <legend>无法识别的排口类型</legend>
                {checked.validation.unknownCategories.map(({ text, rows }) => (
                  <label key={text} class="filter-field">
                    {text}（{n(rows)} 行）
                    <select
                      aria-label={`排口类型“${text}”对应`}
                      value={categoryMap[text] ?? ''}
                      onChange={(e) => setCategoryMap({ ...categoryMap, [text]: (e.currentTarget.value || null) as OutfallCategory | null })}
                    >
                      <option value="">拒绝这些行</option>
                      {OUTFALL_CATEGORIES.map((c) => (
                        <option key={c} value={c}>
                          {c}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </fieldset>
            )}
          </>
        )}
        {checkError && (
          <p class="filter-problem" role="alert">
            {checkError}
          </p>
        )}
        {checked && (
          <>
            <p class="import-counts" role="status">
              读取 {n(read)} 行：可导入 {n(accepted)} 行，拒绝 {n(rejectedCount)} 行
            </p>
            {checked.kind === 'outfalls' && checked.validation.previewCount < checked.validation.accepted && (
              <p class="side-panel__note">
                地图上预览其中均匀抽取的 {n(checked.validation.previewCount)} 个（共 {n(checked.validation.accepted)} 个）。
              </p>
            )}
            {(checked.kind === 'grid' || checked.kind === 'stations') && <DailySummary checked={checked} />}
            {rejectedCount > 0 && (
              <>
                <table class="import-rejected" aria-label="被拒绝的行">
                  <thead>
                    <tr>
                      <th scope="col">行号</th>
                      <th scope="col">原因</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rejected.slice(0, REJECTED_SHOWN).map((r) => (
                      <tr key={r.row}>
                        <td>{r.row}</td>
                        <td>{r.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {rejectedCount > REJECTED_SHOWN && <p class="side-panel__note">只列出前 {REJECTED_SHOWN} 行，全部见下载的文件。</p>}
                <button
                  type="button"
                  class="filter-clear"
                  onClick={() => {
                    if (!file || !checked) return;
                    const name = `${file.name.replace(/\.[^.]+$/, '')}-被拒绝的行.csv`;
                    services
                      .rejectedCsv(checked, parsed)
                      .then((blob) => download(blob, name))
                      .catch((error: unknown) => setCheckError(`无法生成文件：${error instanceof Error ? error.message : String(error)}`));
                  }}
                >
                  下载被拒绝的行（CSV）
                </button>
              </>
            )}
            {accepted > 0 && (target.kind === 'outfalls' || target.kind === 'layer') && (
              <fieldset class="filter-group">
                <legend>写入方式</legend>
                <label class="filter-choice">
                  <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
                  替换现有数据
                </label>
                <label class="filter-choice">
                  <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
                  按编码合并
                </label>
                {merge && (
                  <p class="import-diff">
                    新增 {n(merge.added)} 个，更新 {n(merge.updated)} 个，不变 {n(merge.unchanged)} 个，
                    {mode === 'merge' ? `保留文件中没有的 ${n(merge.untouched)} 个` : `删除文件中没有的 ${n(merge.untouched)} 个`}
                  </p>
                )}
              </fieldset>
            )}
            <button type="button" class="import-apply" disabled={!canApply} onClick={apply}>
              {applying ? '正在导入…' : applyLabel(checked, accepted)}
            </button>
          </>
        )}
        {done && (
          <p class="import-done" role="status">
            {done}
          </p>
        )}
        <ImportedList state={state} services={services} />
      </div>
    </section>
  );
}

function acceptedCount(checked: CheckedImport): number {
  if (checked.kind === 'outfalls') return checked.validation.accepted;
  if (checked.kind === 'features') return checked.validation.collection.features.length;
  return checked.validation.accepted;
}

function applyLabel(checked: CheckedImport, accepted: number): string {
  if (checked.kind === 'outfalls') return `导入 ${n(accepted)} 个排污口`;
  if (checked.kind === 'features') return `导入 ${n(accepted)} 个要素`;
  return checked.kind === 'grid' ? '导入热点网格' : '导入站点数据';
}

/** What the map shows while the user checks: the accepted outfalls or shapes (a grid or a series has nothing to place). */
function previewOf(checked: CheckedImport): GeoJSON.FeatureCollection | ArrayBuffer | null {
  if (checked.kind === 'outfalls') return checked.validation.preview;
  if (checked.kind === 'features') return checked.validation.collection;
  return null;
}

/** The days, cells or stations a daily import brings, and how the file was read. */
function DailySummary({ checked }: { checked: Extract<CheckedImport, { kind: 'grid' | 'stations' }> }) {
  const summary = checked.validation.summary;
  return (
    <div class="import-summary">
      {summary && (
        <p>
          {summary.firstDate} 至 {summary.lastDate}，共 {n(summary.days)} 天；{summary.pollutants.map((p) => POLLUTANT_NAMES[p]).join('、')}
          {checked.kind === 'grid' &&
            checked.validation.summary &&
            `；${n(checked.validation.summary.cells)} 个网格，其中 ${n(checked.validation.summary.cellsWithData)} 个有数据`}
          {checked.kind === 'stations' && `；更新 ${checked.validation.updated.map((u) => u.name).join('、') || '无'}`}
        </p>
      )}
      {checked.validation.notes.map((note) => (
        <p key={note} class="side-panel__note">
          {note}
        </p>
      ))}
    </div>
  );
}

/** One select per field: which column fills it (guessed from the headers); required fields say so. */
function MappingControls({
  columns,
  mapping,
  onChange,
  missing,
}: {
  columns: string[];
  mapping: ColumnMapping;
  onChange: (m: ColumnMapping) => void;
  missing: string[];
}) {
  return (
    <fieldset class="filter-group import-mapping">
      <legend>列的对应</legend>
      {missing.length > 0 && (
        <p class="filter-problem" role="alert">
          缺少必需的列：{missing.join('、')}
        </p>
      )}
      {FIELDS.map(({ field, label }) => (
        <label key={field} class="filter-field">
          <span class="import-mapping__label">{label}</span>
          <select
            value={mapping[field] ?? ''}
            onChange={(e) => {
              const next = { ...mapping };
              if (e.currentTarget.value) next[field] = e.currentTarget.value;
              else delete next[field];
              onChange(next);
            }}
          >
            <option value="">（不导入）</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

/** The layers that show an import now, each with 撤销导入. */
function ImportedList({ state, services }: { state: AppState; services: ImportServices }) {
  const imports = state.imports.value;
  const [problem, setProblem] = useState<string | null>(null);
  if (imports.length === 0) return null;
  return (
    <section class="import-list" aria-label="已导入的数据">
      <h3>已导入的数据</h3>
      <ul>
        {imports.map((i) => (
          <li key={i.id}>
            <span>
              {i.title}：{i.fileName}，{n(i.counts.accepted)} 条，{new Date(i.importedAt).toLocaleString('zh-CN', { dateStyle: 'short', timeStyle: 'short' })}
            </span>
            <button
              type="button"
              aria-label={`撤销导入${i.title}`}
              onClick={() =>
                services.undo(i.layerId).catch((error: unknown) => setProblem(`撤销失败：${error instanceof Error ? error.message : String(error)}`))
              }
            >
              撤销导入
            </button>
          </li>
        ))}
      </ul>
      {problem && (
        <p class="filter-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
