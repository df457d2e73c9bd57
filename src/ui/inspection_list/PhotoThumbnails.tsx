import { useEffect, useState } from 'preact/hooks';

/**
 * An inspection's photos as small pictures, from the Blobs stored on the device. Each is shown
 * through an object URL made here and revoked when the list goes (or shows another record):
 * a URL left behind would keep its photo's bytes in memory for as long as the page lives.
 */
export function PhotoThumbnails({ uuid, count, load }: { uuid: string; count: number; load: (uuid: string) => Promise<Blob[]> }) {
  const [urls, setUrls] = useState<string[]>([]);
  useEffect(() => {
    if (count === 0) return;
    let made: string[] = [];
    let gone = false;
    load(uuid).then(
      (blobs) => {
        if (gone) return;
        made = blobs.map((blob) => URL.createObjectURL(blob));
        setUrls(made);
      },
      // A photo that cannot be read leaves the record's text as it was (it says how many photos there are).
      () => undefined,
    );
    return () => {
      gone = true;
      made.forEach((url) => URL.revokeObjectURL(url));
      setUrls([]);
    };
  }, [uuid, count, load]);
  if (urls.length === 0) return null;
  return (
    // A group, not a list: the record is a list item of its own, and its items are records.
    <div class="photo-thumbs" role="group" aria-label="照片">
      {urls.map((url, i) => (
        <a key={url} href={url} target="_blank" rel="noopener" title={`照片 ${i + 1}（在新标签页打开）`}>
          <img src={url} alt={`照片 ${i + 1}`} width={56} height={56} loading="lazy" decoding="async" />
        </a>
      ))}
    </div>
  );
}
