import { useEffect, useRef } from 'preact/hooks';
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

/** The card for the clicked feature: a non-modal dialog beside (desktop) or below (phone) the map. */
export function FeatureCard({ state, outfallExtras }: { state: AppState; outfallExtras?: OutfallExtrasServices }) {
  const selection = state.selection.value;
  const closeRef = useRef<HTMLButtonElement>(null);
  const layer = selection ? readyLayer(state, selection.layerId) : null;
  const description =
    selection && layer
      ? (layerDescription(state, selection.layerId)?.describe(layer, selection.featureIndex, buildContext(state, outfallExtras)) ?? null)
      : null;

  useEffect(() => {
    if (!description) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') selectFeature(state, null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [description !== null]);

  if (!description) return null;
  const outfall =
    selection?.layerId === OUTFALLS ? (readyFeatures(state, OUTFALLS)?.[selection.featureIndex]?.properties as OutfallProperties | undefined) : undefined;
  return (
    <section class="feature-card" role="dialog" aria-labelledby="feature-card-title">
      <header class="feature-card__header">
        <div>
          <p class="feature-card__kind">{description.kind}</p>
          <h2 id="feature-card-title">{description.title}</h2>
        </div>
        <button ref={closeRef} type="button" class="icon-button" aria-label="关闭" onClick={() => selectFeature(state, null)}>
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
        {outfallExtras && outfall && <OutfallExtras key={outfall.code} outfall={outfall} services={outfallExtras} />}
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
