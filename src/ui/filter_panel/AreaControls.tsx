import type { AreaCondition, AreaLayer } from '../../spatial/filter/description';
import type { FilterOptions } from './options';

type PlaceKind = AreaLayer | 'rivers';

const KINDS: { value: PlaceKind | ''; label: string }[] = [
  { value: '', label: '不限' },
  { value: 'counties', label: '县区内或附近' },
  { value: 'parks', label: '化工园区内或附近' },
  { value: 'reservoirs', label: '水库内或附近' },
  { value: 'rivers', label: '河流两侧' },
];

/** The slider's reach; the number box takes more (the validation says where it ends). */
const SLIDER_MAX_M = 5000;

type PlaceCondition = Extract<AreaCondition, { kind: 'within' | 'near-river' }>;
type DrawnCondition = Extract<AreaCondition, { kind: 'drawn' }>;

const isPlace = (a: AreaCondition): a is PlaceCondition => a.kind !== 'drawn';
const isDrawn = (a: AreaCondition): a is DrawnCondition => a.kind === 'drawn';

/**
 * 空间范围: one place (a county, park or reservoir: inside it or within a distance of it;
 * a river: within a distance of its line) and, besides it, a shape drawn on the map.
 */
export function AreaControls({
  areas,
  options,
  onDraw,
  onChange,
  problems,
}: {
  areas: readonly AreaCondition[];
  options: FilterOptions;
  /** Start drawing a shape on the map. */
  onDraw: (shape: 'polygon' | 'rectangle') => void;
  onChange: (areas: AreaCondition[]) => void;
  problems: { place?: string; drawn?: string };
}) {
  const place = areas.find(isPlace) ?? null;
  const drawn = areas.find(isDrawn) ?? null;
  const kind: PlaceKind | '' = place ? (place.kind === 'near-river' ? 'rivers' : place.layer) : '';
  const choices = kind ? options[kind] : [];
  const placeId = place ? (place.kind === 'near-river' ? place.river : place.id) : '';
  const set = (next: PlaceCondition | null) => onChange([...(next ? [next] : []), ...(drawn ? [drawn] : [])]);
  const make = (k: PlaceKind, id: string, distanceM: number): PlaceCondition =>
    k === 'rivers' ? { kind: 'near-river', river: id, distanceM } : { kind: 'within', layer: k, id, distanceM };
  const chooseKind = (k: PlaceKind | '') => {
    if (!k) return set(null);
    const first = options[k][0]?.value ?? '';
    set(make(k, first, k === 'rivers' ? 500 : (place?.distanceM ?? 0)));
  };
  const distance = place?.distanceM ?? 0;
  const placeLabel = kind === 'rivers' ? '河流' : kind === 'counties' ? '县区' : kind === 'parks' ? '园区' : '水库';
  const distanceLabel = kind === 'rivers' ? '距河道（米）' : '距边界（米，0 为仅内部）';
  const setDistance = (text: string) => {
    if (!place) return;
    // Kept as typed (even negative or huge) so the message next to the box can say what is wrong.
    const value = text.trim() === '' ? 0 : Number(text);
    set({ ...place, distanceM: value });
  };
  return (
    <fieldset class="filter-group">
      <legend>空间范围</legend>
      <label class="filter-field">
        范围
        <select aria-label="范围类型" value={kind} onChange={(e) => chooseKind(e.currentTarget.value as PlaceKind | '')}>
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {place && (
        <>
          <label class="filter-field">
            {placeLabel}
            <select aria-label={placeLabel} value={placeId} onChange={(e) => set(make(kind as PlaceKind, e.currentTarget.value, distance))}>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label class="filter-field">
            {distanceLabel}
            <input
              aria-label={distanceLabel}
              type="number"
              inputMode="numeric"
              min={0}
              step={50}
              value={Number.isFinite(distance) ? distance : ''}
              onInput={(e) => setDistance(e.currentTarget.value)}
            />
          </label>
          <input
            type="range"
            class="filter-slider"
            aria-label="距离（米）"
            min={0}
            max={SLIDER_MAX_M}
            step={50}
            value={Math.min(Math.max(distance, 0), SLIDER_MAX_M)}
            onInput={(e) => setDistance(e.currentTarget.value)}
          />
          {problems.place && (
            <p class="filter-problem" role="alert">
              {problems.place}
            </p>
          )}
        </>
      )}
      <div class="filter-draw">
        <span>
          {drawn ? `已绘制${drawn.shape === 'rectangle' ? '矩形' : '多边形'}（${drawn.ring.length - 1} 个顶点，可在地图上拖动修改）` : '在地图上画出范围：'}
        </span>
        <div class="filter-draw__buttons">
          <button type="button" onClick={() => onDraw('polygon')}>
            画多边形范围
          </button>
          <button type="button" onClick={() => onDraw('rectangle')}>
            画矩形范围
          </button>
          {drawn && (
            <button type="button" onClick={() => onChange(place ? [place] : [])}>
              清除绘制范围
            </button>
          )}
        </div>
        {problems.drawn && (
          <p class="filter-problem" role="alert">
            {problems.drawn}
          </p>
        )}
      </div>
    </fieldset>
  );
}
