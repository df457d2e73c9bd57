import { useRef, useState } from 'preact/hooks';
import type { Deck } from '../../data/deck';
import type { EnterpriseProperties, ParkProperties } from '../../data/types';
import { RetrofitSummary } from '../retrofit_summary/RetrofitSummary';
import { chooseDeck, setReportPanelOpen } from '../../state/actions';
import { BUILT_IN_DECK_ID } from '../../state/app_state';
import type { AppState } from '../../state/app_state';
import { readyFeatures } from '../../state/selectors';
import { ParkSummary } from '../park_summary/ParkSummary';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import type { PresentationServices } from './presentation_services';

/**
 * 汇报: the parks' wastewater figures, and the decks (演示文稿) — the built-in one made from
 * the data and the user's own, whose slides are views saved from the map: add the current
 * view, rename, reorder, delete; export and import a deck as a JSON file; 演示模式.
 */
export function ReportPanel({ state, services }: { state: AppState; services: PresentationServices }) {
  const [error, setError] = useState<string | null>(null);
  const [slideTitle, setSlideTitle] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  if (!state.reportPanelOpen.value) return null;
  const parks = (readyFeatures(state, 'parks') ?? []).map((f) => f.properties as ParkProperties);
  const enterprises = (readyFeatures(state, 'enterprises') ?? []).map((f) => f.properties as EnterpriseProperties);
  const builtIn = services.builtInDeck();
  const decks: Deck[] = [...(builtIn ? [builtIn] : []), ...state.decks.value];
  const chosen = decks.find((d) => d.id === state.chosenDeckId.value) ?? decks[0] ?? null;
  const editable = chosen !== null && chosen.id !== BUILT_IN_DECK_ID;
  const run = (action: Promise<unknown>) => void action.catch(() => undefined);
  return (
    <section id="report-panel" class="side-panel report-panel" role="dialog" aria-labelledby="report-panel-title">
      <SidePanelHeader id="report-panel-title" title="汇报" onClose={() => setReportPanelOpen(state, false)} />
      <div class="side-panel__body">
        {parks.length > 0 && <ParkSummary parks={parks} />}
        {enterprises.length > 0 && <RetrofitSummary enterprises={enterprises} />}
        <h3>演示文稿</h3>
        <div class="report-panel__row">
          <label class="filter-field">
            演示文稿
            <select value={chosen?.id ?? ''} onChange={(e) => chooseDeck(state, e.currentTarget.value)}>
              {decks.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.id === BUILT_IN_DECK_ID ? `${d.title}（内置）` : d.title}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="report-panel__start" disabled={!chosen} onClick={() => services.start()}>
            演示模式
          </button>
        </div>
        {editable && (
          <label class="filter-field">
            演示文稿名称
            <input type="text" value={chosen.title} onChange={(e) => run(services.renameDeck(chosen.id, e.currentTarget.value))} />
          </label>
        )}
        {chosen && (
          <ol class="slide-list" aria-label={`${chosen.title} 的幻灯片`}>
            {chosen.slides.map((slide, i) => (
              <li key={slide.id} class="slide-list__item">
                {editable ? (
                  <input
                    type="text"
                    value={slide.title}
                    aria-label={`第 ${i + 1} 张的标题`}
                    onChange={(e) => run(services.renameSlide(chosen.id, slide.id, e.currentTarget.value))}
                  />
                ) : (
                  <span>{slide.title}</span>
                )}
                {editable && (
                  <span class="slide-list__actions">
                    <button
                      type="button"
                      aria-label={`上移 ${slide.title}`}
                      disabled={i === 0}
                      onClick={() => run(services.moveSlide(chosen.id, slide.id, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`下移 ${slide.title}`}
                      disabled={i === chosen.slides.length - 1}
                      onClick={() => run(services.moveSlide(chosen.id, slide.id, 1))}
                    >
                      ↓
                    </button>
                    <button type="button" aria-label={`删除 ${slide.title}`} onClick={() => run(services.deleteSlide(chosen.id, slide.id))}>
                      删除
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
        {editable ? (
          <form
            class="report-panel__row"
            onSubmit={(e) => {
              e.preventDefault();
              run(services.addCurrentView(chosen.id, slideTitle));
              setSlideTitle('');
            }}
          >
            <label class="filter-field">
              新幻灯片标题
              <input type="text" value={slideTitle} onInput={(e) => setSlideTitle(e.currentTarget.value)} placeholder="当前视图" />
            </label>
            <button type="submit">添加当前视图</button>
          </form>
        ) : (
          chosen && <p class="side-panel__note">内置演示文稿由数据生成，不能修改；复制后可以增删、重排幻灯片。</p>
        )}
        <div class="report-panel__actions">
          {chosen && !editable && (
            <button type="button" onClick={() => run(services.copyDeck(chosen.id))}>
              复制为我的演示文稿
            </button>
          )}
          <button type="button" onClick={() => run(services.newDeck('我的演示文稿'))}>
            新建演示文稿
          </button>
          {editable && (
            <button type="button" onClick={() => run(services.deleteDeck(chosen.id))}>
              删除此演示文稿
            </button>
          )}
          {chosen && (
            <button type="button" onClick={() => services.exportDeck(chosen.id)}>
              导出 JSON
            </button>
          )}
          <button type="button" onClick={() => fileInput.current?.click()}>
            导入 JSON
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            aria-label="选择演示文稿文件"
            hidden
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void services.importDeck(file).then(setError);
            }}
          />
        </div>
        {error && (
          <p class="filter-problem" role="alert">
            导入失败：{error}
          </p>
        )}
      </div>
    </section>
  );
}
