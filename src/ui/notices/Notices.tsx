import { dismissNotice } from '../../state/actions';
import type { AppState } from '../../state/app_state';

/** Errors as alerts (read out at once), warnings and information as status messages. */
export function Notices({ state }: { state: AppState }) {
  const notices = state.notices.value;
  if (notices.length === 0) return null;
  return (
    <div class="notices">
      {notices.map((notice) => (
        <div key={notice.id} class={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
          {notice.action && (
            <button
              type="button"
              class="notice__action"
              onClick={() => {
                dismissNotice(state, notice.id);
                notice.action!.run();
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button type="button" class="icon-button" aria-label="关闭提示" onClick={() => dismissNotice(state, notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
