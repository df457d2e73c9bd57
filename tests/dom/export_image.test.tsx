// The 导出图片 dialog (src/ui/export_image/ExportImage.tsx) with a stand-in for the app's
// image service: the size and title it asks for, the download, and a failure shown as a
// Chinese alert. The image itself is made and checked in tests/e2e/export_image.test.ts.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { ExportImage, printSize } from '../../src/ui/export_image/ExportImage';
import type { MapImageOptions, MapImageService } from '../../src/ui/export_image/map_image_service';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => {
  render(null, root);
  vi.restoreAllMocks();
});

function fakeService(result: (options: MapImageOptions) => Promise<Blob>): MapImageService & { calls: MapImageOptions[] } {
  const calls: MapImageOptions[] = [];
  return {
    calls,
    async render(options) {
      calls.push(options);
      const blob = await result(options);
      return { blob, fileName: `图-${options.width}x${options.height}.png`, width: options.width, height: options.height, ms: 5 };
    },
  };
}

const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name)!;
const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe('the 导出图片 dialog', () => {
  it('is a dialog named 导出图片 with the three sizes, a title and 导出 PNG, only while open', () => {
    const service = fakeService(async () => new Blob(['png']));
    act(() => render(<ExportImage open={false} onClose={() => {}} service={service} />, root));
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    act(() => render(<ExportImage open onClose={() => {}} service={service} />, root));
    const dialog = root.querySelector('[role="dialog"]')!;
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('导出图片');
    const sizes = [...dialog.querySelectorAll('input[name="export-size"]')].map((r) => r.closest('label')!.textContent);
    expect(sizes).toEqual(['1920×1080（全高清）', '3840×2160（4K）', expect.stringMatching(/^当前窗口（\d+×\d+）$/)]);
    expect((dialog.querySelector('input[type="text"]') as HTMLInputElement).value).toBe('平顶山生态环境一张图');
    expect(button('导出 PNG')).toBeDefined();
  });

  it('asks for the size and title chosen and downloads the PNG under its name', async () => {
    const service = fakeService(async () => new Blob(['png'], { type: 'image/png' }));
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    act(() => render(<ExportImage open onClose={() => {}} service={service} />, root));
    const radios = root.querySelectorAll<HTMLInputElement>('input[name="export-size"]');
    act(() => radios[1].click());
    const title = root.querySelector<HTMLInputElement>('input[type="text"]')!;
    act(() => {
      title.value = '化工园区  ';
      title.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => button('导出 PNG').click());
    await flush();
    expect(service.calls).toEqual([{ width: 3840, height: 2160, title: '化工园区' }]);
    expect(clicked).toEqual(['图-3840x2160.png']);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('已导出 图-3840x2160.png（3 B）');
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows a failure as an alert in Chinese, as text, and can try again', async () => {
    let fail = true;
    const service = fakeService(async () => {
      if (fail) throw new Error('图片尺寸超出本设备的图形处理能力（地图部分最大 4096×4096 像素），请选择较小的尺寸 <b>x</b>');
      return new Blob(['png']);
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    act(() => render(<ExportImage open onClose={() => {}} service={service} />, root));
    act(() => button('导出 PNG').click());
    await flush();
    const alert = root.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('图片尺寸超出本设备的图形处理能力');
    expect(alert.querySelector('b')).toBeNull();
    fail = false;
    act(() => button('导出 PNG').click());
    await flush();
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('prints A3 landscape: an image of the printable area at 200 dpi, on a print-only sheet with its @page size', async () => {
    const service = fakeService(async () => new Blob(['png']));
    act(() => render(<ExportImage open onClose={() => {}} service={service} />, root));
    expect(root.querySelector('.print-sheet')).toBeNull();
    expect(root.querySelector('.print-hint')).not.toBeNull();
    act(() => root.querySelectorAll<HTMLInputElement>('input[name="export-paper"]')[1].click());
    act(() => button('打印').click());
    await flush();
    expect(service.calls).toEqual([{ ...printSize('A3'), title: '平顶山生态环境一张图' }]);
    expect(printSize('A3')).toEqual({ width: 3181, height: 2213 });
    expect(printSize('A4')).toEqual({ width: 2213, height: 1528 });
    const sheet = root.querySelector('.print-sheet')!;
    expect(sheet.querySelector('style')!.textContent).toBe('@page { size: A3 landscape; margin: 8mm; }');
    expect(sheet.querySelector('img')!.getAttribute('alt')).toBe('平顶山生态环境一张图');
  });

  it('closes on Esc and on 关闭', () => {
    const onClose = vi.fn();
    act(() => render(<ExportImage open onClose={onClose} service={fakeService(async () => new Blob())} />, root));
    act(() => {
      root.querySelector('[role="dialog"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    act(() => root.querySelector<HTMLButtonElement>('button[aria-label="关闭"]')!.click());
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
