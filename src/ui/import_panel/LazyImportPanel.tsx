import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { setImportPanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import type { ImportServices } from './import_services';

type Loaded = { Panel: ComponentType<{ state: AppState; services: ImportServices }>; services: ImportServices };

/**
 * 导入数据, loaded when first opened: the panel, the column guessing and the checks (and,
 * in its worker, the parsers) are for the few who import, not in every visit's first bytes.
 */
export function LazyImportPanel({ state, loadServices }: { state: AppState; loadServices: () => Promise<ImportServices> }) {
  const open = state.importPanelOpen.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!open || loaded) return;
    Promise.all([import('./ImportPanel'), loadServices()])
      .then(([module, services]) => setLoaded({ Panel: module.ImportPanel, services }))
      .catch((error: unknown) => setProblem(`无法打开导入功能：${error instanceof Error ? error.message : String(error)}`));
  }, [open]);
  if (!open) return null;
  if (loaded) return <loaded.Panel state={state} services={loaded.services} />;
  return (
    <section id="import-panel" class="side-panel import-panel" role="dialog" aria-labelledby="import-panel-title" aria-busy={!problem}>
      <SidePanelHeader id="import-panel-title" title="导入数据" onClose={() => setImportPanelOpen(state, false)} />
      <div class="side-panel__body">
        {problem ? (
          <p class="filter-problem" role="alert">
            {problem}
          </p>
        ) : (
          <p class="side-panel__note">正在加载…</p>
        )}
      </div>
    </section>
  );
}
