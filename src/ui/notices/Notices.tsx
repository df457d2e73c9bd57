import { useEffect } from 'preact/hooks';
import { dismissNotice } from '../../state/actions';
import type { AppState, Notice } from '../../state/app_state';

/** Plain information fades after this long; errors, warnings and notices with a button stay until closed. */
const INFO_VISIBLE_MS = 10_000;

function shouldFade(notice: Notice): boolean {
  return notice.kind === 'info' && !notice.action;
}

/** Errors as alerts (read out at once), warnings and information as status messages. */
export function Notices({ state }: { state: AppState }) {
  const notices = state.notices.value;
  const fading = notices
    .filter(shouldFade)
    .map((n) => n.id)
    .join(',');
  useEffect(() => {
    const timers = notices.filter(shouldFade).map((n) => setTimeout(() => dismissNotice(state, n.id), INFO_VISIBLE_MS));
    return () => timers.forEach(clearTimeout);
  }, [fading]);
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
