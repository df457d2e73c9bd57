import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { OutfallProperties, ParkFeature, ParkProperties } from '../../data/types';
import { outfallsAroundPark, parkDischarge } from '../../spatial/park_coverage';
import { selectFeature } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { OutfallExtras } from './OutfallExtras';
import type { OutfallExtrasServices } from './OutfallExtras';
import type { CardContext } from '../../layers/card';
import { OUTFALLS } from '../../layers/outfalls';
import { PARKS } from '../../layers/parks';
import { SOURCE_PROTECTION } from '../../layers/source_protection';
import { STATIONS } from '../../layers/stations';
import { nearestAirStation } from '../../spatial/nearest_station';
import { protectionZoneAt } from '../../spatial/protection_zone';
import { TimeSeriesChart } from '../time_series/TimeSeriesChart';
import { layerDescription, readyFeatures, readyLayer, referenceDate } from '../../state/selectors';
import { useFocusReturn } from '../focus_return';

/** How far the sheet's header must be dragged, px, to expand or fold it. */
const DRAG_THRESHOLD_PX = 40;

/** Lookups into other loaded layers, for fields like "所在园区" or outfall counts. */
function buildContext(state: AppState, outfallExtras: OutfallExtrasServices | undefined): CardContext {
  const outfalls = readyFeatures(state, OUTFALLS);
  const parks = readyFeatures(state, PARKS);
  const park = (id: string) => parks?.find((f) => (f.properties as ParkProperties).id === id) as ParkFeature | undefined;
  const outfallRecords = () => (outfalls ?? []).map((f) => f.properties as OutfallProperties);
  return {
    parkOutfalls: (id) => {
      const feature = park(id);
      return feature && outfalls ? outfallsAroundPark(feature, outfallRecords(), 1000) : undefined;
    },
    parkDownstream: (id) => {
      const discharge = outfalls ? parkDischarge(id, outfallRecords()) : undefined;
      return (discharge && outfallExtras?.downstreamSection(discharge)) ?? null;
    },
    parkName: (id) => (parks?.find((f) => (f.properties as ParkProperties).id === id)?.properties as ParkProperties | undefined)?.name,
    countOutfalls: (filter) => (outfalls ? outfalls.filter((f) => filter(f.properties as OutfallProperties)).length : undefined),
    gridView: state.gridView.value ?? undefined,
    nearestAirStation: (lon, lat) => nearestAirStation(readyFeatures(state, STATIONS) ?? [], lon, lat),
    protectionZoneAt: (lon, lat) => protectionZoneAt(readyFeatures(state, SOURCE_PROTECTION) ?? [], lon, lat)?.name,
    today: referenceDate(state),
  };
}

/**
 * The card for the clicked feature: a non-modal dialog beside (desktop) or below (phone) the map.
 * On a phone it is a bottom sheet at half height that 展开 (or dragging its header up) takes to
 * the full height; 记录巡查 opens it full. A new feature's card takes focus (its heading), and
 * closing the card gives focus back to what had it before (the search box, a list's button).
 */
export function FeatureCard({ state, outfallExtras }: { state: AppState; outfallExtras?: OutfallExtrasServices }) {
  const selection = state.selection.value;
  const card = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [full, setFull] = useState(false);
  const layer = selection ? readyLayer(state, selection.layerId) : null;
  const description =
    selection && layer
      ? (layerDescription(state, selection.layerId)?.describe(layer, selection.featureIndex, buildContext(state, outfallExtras)) ?? null)
      : null;
  const open = description !== null;
  const selected = selection ? `${selection.layerId}:${selection.featureIndex}` : null;
  const drag = useDragToResize(full, setFull);

  // A layout effect: listening from the moment the card shows (and has the focus), not after the next paint.
  useLayoutEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') selectFeature(state, null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  // Before the heading takes focus below: what had it is where focus goes back to.
  useFocusReturn(open, () => card.current);
  useLayoutEffect(() => {
    // Every new feature starts as a half sheet, and its heading is where reading starts.
    setFull(false);
    if (open) heading.current?.focus();
  }, [selected, open]);

  if (!description) return null;
  const outfall =
    selection?.layerId === OUTFALLS ? (readyFeatures(state, OUTFALLS)?.[selection.featureIndex]?.properties as OutfallProperties | undefined) : undefined;
  const phone = state.phoneLayout.value;
  return (
    <section ref={card} class={`feature-card${phone && full ? ' feature-card--full' : ''}`} role="dialog" aria-labelledby="feature-card-title">
      <header class="feature-card__header" {...(phone ? drag : {})}>
        <div class="feature-card__heading">
          <p class="feature-card__kind">{description.kind}</p>
          <h2 id="feature-card-title" ref={heading} tabIndex={-1}>
            {description.title}
          </h2>
        </div>
        {phone && (
          <button type="button" class="icon-button feature-card__size" aria-expanded={full} onClick={() => setFull(!full)}>
            <span class="feature-card__size-icon" aria-hidden="true" />
            <span class="visually-hidden">{full ? '收起' : '展开'}</span>
          </button>
        )}
        <button type="button" class="icon-button" aria-label="关闭" onClick={() => selectFeature(state, null)}>
          ×
        </button>
      </header>
      <div class="feature-card__body">
        {description.progress && (
          <ol class="progress" aria-label="查-测-溯-治 进度">
            {description.progress.map((step) => (
              <li key={step.step} class={`progress__step progress__step--${step.state}`}>
                <span class="progress__badge" aria-hidden="true">
                  {step.step}
                </span>
                <span class="progress__text">
                  <span class="visually-hidden">{`${step.step}：${step.state === 'done' ? '已完成' : step.state === 'doing' ? '进行中' : '未开始'}，`}</span>
                  {step.text}
                </span>
              </li>
            ))}
          </ol>
        )}
        {outfallExtras && outfall && <OutfallExtras key={outfall.code} outfall={outfall} services={outfallExtras} onFormOpen={() => setFull(true)} />}
        <FieldList rows={description.rows} />
        {description.series && <TimeSeriesChart chart={description.series} />}
        {description.sections?.map((section) => (
          <div key={section.heading}>
            <h3>{section.heading}</h3>
            <FieldList rows={section.rows} />
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * The sheet's header as a drag handle (a finger's alternative to 展开/收起): up expands, down
 * folds. A drag that starts on one of its buttons is that button's tap.
 */
function useDragToResize(full: boolean, setFull: (full: boolean) => void) {
  const startY = useRef<number | null>(null);
  return {
    onPointerDown: (event: PointerEvent) => {
      if ((event.target as Element).closest('button')) return;
      startY.current = event.clientY;
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
    },
    onPointerUp: (event: PointerEvent) => {
      if (startY.current === null) return;
      const moved = event.clientY - startY.current;
      startY.current = null;
      if (moved < -DRAG_THRESHOLD_PX && !full) setFull(true);
      else if (moved > DRAG_THRESHOLD_PX && full) setFull(false);
    },
    onPointerCancel: () => {
      startY.current = null;
    },
  };
}

function FieldList({ rows }: { rows: [string, string][] }) {
  return (
    <dl class="fields">
      {rows.map(([label, value]) => (
        <div key={label} class="fields__row">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
