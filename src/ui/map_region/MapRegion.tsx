import { useEffect, useRef } from 'preact/hooks';

/**
 * The element the map draws into. The map itself is created by the app layer
 * (src/app/connect_map.ts) through `attach`, so no UI code touches MapLibre.
 */
export function MapRegion({ attach }: { attach: (element: HTMLElement) => () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => (ref.current ? attach(ref.current) : undefined), []);
  return <div ref={ref} class="map-region" role="region" aria-label="地图" />;
}
