// The name an exported image is saved under (src/ui/export_image/file_name.ts).
import { describe, expect, it } from 'vitest';
import { imageFileName } from '../../src/ui/export_image/file_name';

describe('the exported image’s file name', () => {
  it('is the title, the data date and the size', () => {
    expect(imageFileName('平顶山生态环境一张图', '2025-09-16', 1920, 1080)).toBe('平顶山生态环境一张图-2025-09-16-1920x1080.png');
    expect(imageFileName('化工园区污水处理', '2025-09-16', 3840, 2160)).toBe('化工园区污水处理-2025-09-16-3840x2160.png');
  });

  it('falls back to the app’s name for an empty title, and leaves out a date that is not one', () => {
    expect(imageFileName('   ', null, 1280, 800)).toBe('平顶山生态环境一张图-1280x800.png');
    expect(imageFileName('', '16/09/2025', 1280, 800)).toBe('平顶山生态环境一张图-1280x800.png');
  });

  it('takes out what no file system accepts, and keeps the name short', () => {
    expect(imageFileName('石龙区: PM2.5 / PM10 <热点>?', '2025-09-16', 1920, 1080)).toBe('石龙区 PM2.5 PM10 热点-2025-09-16-1920x1080.png');
    expect(imageFileName('..\u0000隐藏', null, 10, 10)).toBe('隐藏-10x10.png');
    const long = imageFileName('很长的标题'.repeat(20), '2025-09-16', 1920, 1080);
    expect([...long.split('-')[0]]).toHaveLength(40);
  });

  it('gives the PDF or other extension asked for', () => {
    expect(imageFileName('图', null, 2213, 1528, 'jpg')).toBe('图-2213x1528.jpg');
  });
});
