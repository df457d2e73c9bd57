import { useEffect, useRef, useState } from 'preact/hooks';
import { download } from '../download';
import { formatBytes } from '../format';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import { DEFAULT_IMAGE_TITLE } from './file_name';
import type { MapImageService } from './map_image_service';

type SizeId = 'hd' | '4k' | 'window';
type Paper = 'A4' | 'A3';

/** Fixed sizes for slides: a projector's full HD, and 4K for large screens and cropping. */
const FIXED_SIZES: Record<Exclude<SizeId, 'window'>, { width: number; height: number; label: string }> = {
  hd: { width: 1920, height: 1080, label: '1920×1080（全高清）' },
  '4k': { width: 3840, height: 2160, label: '3840×2160（4K）' },
};

/** Page margin of the print layout, mm (inside what most printers can reach). */
const PAGE_MARGIN_MM = 8;
/** Printed at 200 dpi: sharp on paper, and within what a phone's or laptop's WebGL draws. */
const PRINT_DPI = 200;
/** Landscape sheets, mm. */
const PAPERS: Record<Paper, { width: number; height: number; label: string }> = {
  A4: { width: 297, height: 210, label: 'A4 横向' },
  A3: { width: 420, height: 297, label: 'A3 横向' },
};

/** The image size that fills a paper's printable area at PRINT_DPI. */
export function printSize(paper: Paper): { width: number; height: number } {
  const px = (mm: number) => Math.round(((mm - 2 * PAGE_MARGIN_MM) / 25.4) * PRINT_DPI);
  return { width: px(PAPERS[paper].width), height: px(PAPERS[paper].height) };
}

/** The window in device pixels (what a screenshot of it would be). */
function windowSize(): { width: number; height: number } {
  const ratio = window.devicePixelRatio || 1;
  return { width: Math.round(window.innerWidth * ratio), height: Math.round(window.innerHeight * ratio) };
}

type Progress = { kind: 'idle' } | { kind: 'working'; text: string } | { kind: 'done'; text: string; ms: number } | { kind: 'error'; text: string };

/**
 * 导出图片: choose a size and a title, then 导出 PNG (a download) or 打印 (the browser's print
 * of the same image, laid out on A4 or A3 landscape). Also renders the print-only sheet, and
 * a hint for a print started without it (Ctrl+P).
 */
export function ExportImage({ open, onClose, service }: { open: boolean; onClose: () => void; service: MapImageService }) {
  const [size, setSize] = useState<SizeId>('hd');
  const [title, setTitle] = useState(DEFAULT_IMAGE_TITLE);
  const [paper, setPaper] = useState<Paper>('A4');
  const [progress, setProgress] = useState<Progress>({ kind: 'idle' });
  const [printed, setPrinted] = useState<{ url: string; paper: Paper; title: string } | null>(null);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) first.current?.focus();
  }, [open]);
  // The print image goes with the dialog, and its object URL with it.
  useEffect(() => {
    if (!open && printed) {
      URL.revokeObjectURL(printed.url);
      setPrinted(null);
    }
  }, [open, printed]);

  const busy = progress.kind === 'working';
  const current = windowSize();

  async function make(width: number, height: number, what: string): Promise<{ blob: Blob; fileName: string; ms: number } | null> {
    setProgress({ kind: 'working', text: `正在生成 ${width}×${height} ${what}…` });
    try {
      const image = await service.render({ width, height, title: title.trim() || DEFAULT_IMAGE_TITLE });
      return image;
    } catch (error) {
      setProgress({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  async function exportPng() {
    const { width, height } = size === 'window' ? windowSize() : FIXED_SIZES[size];
    const image = await make(width, height, '图片');
    if (!image) return;
    download(image.blob, image.fileName);
    setProgress({ kind: 'done', text: `已导出 ${image.fileName}（${formatBytes(image.blob.size)}）`, ms: image.ms });
  }

  async function print() {
    const { width, height } = printSize(paper);
    const image = await make(width, height, `${PAPERS[paper].label}打印图`);
    if (!image) return;
    if (printed) URL.revokeObjectURL(printed.url);
    const url = URL.createObjectURL(image.blob);
    setPrinted({ url, paper, title: title.trim() || DEFAULT_IMAGE_TITLE });
    setProgress({ kind: 'done', text: `已生成${PAPERS[paper].label}打印图，正在打开打印…`, ms: image.ms });
  }

  return (
    <>
      {open && (
        <section
          id="export-image-dialog"
          class="side-panel export-dialog"
          role="dialog"
          aria-labelledby="export-image-title"
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
          }}
        >
          <SidePanelHeader id="export-image-title" title="导出图片" onClose={onClose} />
          <div class="side-panel__body">
            <fieldset class="export-dialog__group" disabled={busy}>
              <legend>尺寸</legend>
              {(['hd', '4k', 'window'] as const).map((id, i) => (
                <label key={id} class="export-dialog__choice">
                  <input ref={i === 0 ? first : undefined} type="radio" name="export-size" checked={size === id} onChange={() => setSize(id)} />
                  <span>{id === 'window' ? `当前窗口（${current.width}×${current.height}）` : FIXED_SIZES[id].label}</span>
                </label>
              ))}
            </fieldset>
            <label class="export-dialog__field">
              <span>标题</span>
              <input
                type="text"
                value={title}
                maxLength={40}
                placeholder={DEFAULT_IMAGE_TITLE}
                disabled={busy}
                onInput={(e) => setTitle(e.currentTarget.value)}
              />
            </label>
            <p class="side-panel__note">图片包含标题、可见图层的图例、比例尺、指北针和数据日期，地图与当前视图一致。</p>
            <div class="side-panel__actions">
              <button type="button" class="export-dialog__primary" disabled={busy} onClick={() => void exportPng()}>
                导出 PNG
              </button>
            </div>
            <fieldset class="export-dialog__group export-dialog__print" disabled={busy}>
              <legend>打印</legend>
              {(['A4', 'A3'] as const).map((id) => (
                <label key={id} class="export-dialog__choice">
                  <input type="radio" name="export-paper" checked={paper === id} onChange={() => setPaper(id)} />
                  <span>{PAPERS[id].label}</span>
                </label>
              ))}
              <button type="button" class="export-dialog__secondary" onClick={() => void print()}>
                打印
              </button>
            </fieldset>
            <p class="export-dialog__status" role="status" data-ms={progress.kind === 'done' ? Math.round(progress.ms) : undefined}>
              {progress.kind === 'working' || progress.kind === 'done' ? progress.text : ''}
            </p>
            {progress.kind === 'error' && (
              <p class="export-dialog__error" role="alert">
                {progress.text}
              </p>
            )}
          </div>
        </section>
      )}
      {printed ? (
        <PrintSheet
          key={printed.url}
          {...printed}
          onReady={() => {
            window.print();
            setProgress({ kind: 'done', text: `已发送${PAPERS[printed.paper].label}打印`, ms: 0 });
          }}
        />
      ) : (
        <p class="print-hint">请在「导出图片」中选择纸张后点「打印」，打印带标题、图例和比例尺的地图。</p>
      )}
    </>
  );
}

/** The print-only page: the rendered image on an A4 or A3 landscape sheet (the @page rule is ours, not data). */
function PrintSheet({ url, paper, title, onReady }: { url: string; paper: Paper; title: string; onReady: () => void }) {
  const done = useRef(false);
  return (
    <div class="print-sheet" data-paper={paper}>
      <style>{`@page { size: ${paper} landscape; margin: ${PAGE_MARGIN_MM}mm; }`}</style>
      <img
        src={url}
        alt={title}
        onLoad={() => {
          if (done.current) return;
          done.current = true;
          onReady();
        }}
      />
    </div>
  );
}
