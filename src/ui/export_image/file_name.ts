// The name an exported image is saved under: its title, the data date and its size, so a
// presenter's slides folder sorts and reads by itself: 平顶山生态环境一张图-2025-09-16-1920x1080.png.

export const DEFAULT_IMAGE_TITLE = '平顶山生态环境一张图';

/** Characters no file system takes in a name (Windows' list is the longest), and control characters. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;

/** At most this many characters of the title go into the name. */
const TITLE_CHARS = 40;

export function imageFileName(title: string, date: string | null, width: number, height: number, extension = 'png'): string {
  const cleaned = [...title.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')].slice(0, TITLE_CHARS).join('').trim();
  const parts = [cleaned || DEFAULT_IMAGE_TITLE];
  if (date && /^\d{4}-\d{2}-\d{2}$/.test(date)) parts.push(date);
  parts.push(`${Math.round(width)}x${Math.round(height)}`);
  return `${parts.join('-')}.${extension}`;
}
