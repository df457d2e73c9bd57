// A layer the app has no module for, registered through its description, as a user
// meets it: a checkbox named by its title with its legend in the layer panel, and a
// card of its own fields (as text, never markup) when one of its features is chosen.
// Rendered with Preact into happy-dom; the map side is tests/unit/bind_map.test.ts
// and, in the running app, tests/e2e/new_layer.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_LAYERS } from '../../src/layers/registry';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { createAppState } from '../../src/state/app_state';
import { registerLayer, selectFeature, setLayerStatus, setLayerVisible } from '../../src/state/actions';
import { createGenericLayer } from '../../src/layers/generic';
import { LayerPanel } from '../../src/ui/layer_panel/LayerPanel';
import { FeatureCard } from '../../src/ui/feature_card/FeatureCard';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

function withWells() {
  const state = createAppState();
  registerLayer(state, createGenericLayer({ id: 'monitoring-wells', title: '地下水监测井', colour: '#00897b' }));
  setLayerStatus(state, 'monitoring-wells', {
    state: 'ready',
    layer: {
      kind: 'geojson',
      collection: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { name: '湛河1号井', 深度: 42, 备注: '<img src=x onerror=alert(1)>' },
            geometry: { type: 'Point', coordinates: [113.3, 33.7] },
          },
          { type: 'Feature', properties: { name: '湛河2号井', 深度: 35 }, geometry: { type: 'Point', coordinates: [113.31, 33.71] } },
        ],
      },
    },
    problems: [],
  });
  return state;
}

const checkbox = (title: string) =>
  [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((input) => input.closest('label')?.textContent?.trim() === title);

describe('a layer registered by its description', () => {
  it('is listed in the layer panel after the built-in ones, with its count and its legend', () => {
    const state = withWells();
    act(() => render(<LayerPanel state={state} />, root));
    const titles = [...root.querySelectorAll('.layer-item__title')].map((e) => e.textContent);
    expect(titles.at(-1)).toBe('地下水监测井');
    expect(titles).toHaveLength(BUILT_IN_LAYERS.length + 1);
    const item = checkbox('地下水监测井')!.closest('li')!;
    expect(item.querySelector('.layer-item__status')?.textContent).toBe('2 个');
    const legend = item.querySelector('.legend')!;
    expect(legend.textContent).toBe('地下水监测井');
    expect((legend.querySelector('.legend__swatch') as HTMLElement).style.getPropertyValue('--swatch')).toBe('#00897b');
  });

  it('can be switched off like any layer, and its legend goes with it', () => {
    const state = withWells();
    act(() => render(<LayerPanel state={state} />, root));
    act(() => setLayerVisible(state, 'monitoring-wells', false));
    expect(checkbox('地下水监测井')!.checked).toBe(false);
    expect(checkbox('地下水监测井')!.closest('li')!.querySelector('.legend')).toBeNull();
  });

  it('opens a card with the feature’s own fields, shown as text', () => {
    const state = withWells();
    act(() => render(<FeatureCard state={state} />, root));
    act(() => selectFeature(state, { layerId: 'monitoring-wells', featureIndex: 0 }));
    const card = root.querySelector('[role="dialog"]')!;
    expect(card.querySelector('h2')?.textContent).toBe('湛河1号井');
    const rows = [...card.querySelectorAll('.fields__row')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]);
    expect(rows).toEqual([
      ['name', '湛河1号井'],
      ['深度', '42'],
      ['备注', '<img src=x onerror=alert(1)>'],
    ]);
    expect(card.querySelector('img')).toBeNull();
  });
});
