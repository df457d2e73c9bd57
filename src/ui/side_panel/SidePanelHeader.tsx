import { useRef } from 'preact/hooks';
import { useFocusReturn } from '../focus_return';

/**
 * The title bar every side panel shares: its heading (which names the dialog) and a 关闭 button.
 * It lives exactly as long as its panel is open, so it also gives focus back to the button that
 * opened the panel when the panel closes.
 */
export function SidePanelHeader({ id, title, onClose }: { id: string; title: string; onClose: () => void }) {
  const header = useRef<HTMLElement>(null);
  useFocusReturn(true, () => header.current?.closest<HTMLElement>('[role="dialog"]') ?? header.current);
  return (
    <header ref={header} class="side-panel__header">
      <h2 id={id}>{title}</h2>
      <button type="button" class="icon-button" aria-label="关闭" onClick={onClose}>
        ×
      </button>
    </header>
  );
}
