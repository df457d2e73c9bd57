/** The title bar every side panel shares: its heading (which names the dialog) and a 关闭 button. */
export function SidePanelHeader({ id, title, onClose }: { id: string; title: string; onClose: () => void }) {
  return (
    <header class="side-panel__header">
      <h2 id={id}>{title}</h2>
      <button type="button" class="icon-button" aria-label="关闭" onClick={onClose}>
        ×
      </button>
    </header>
  );
}
