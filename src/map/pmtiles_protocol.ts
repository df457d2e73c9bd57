// The pmtiles:// protocol for MapLibre, loaded with the first PMTiles basemap shown (most
// deployments have none, and the page need not carry the reader). An archive stored on the
// device is registered under its URL, so the map reads it from there; otherwise the protocol
// reads the server's file with HTTP range requests.

import { addProtocol } from 'maplibre-gl';
import { PMTiles, Protocol } from 'pmtiles';
import { StoredArchiveSource } from '../data/offline_basemap';

const protocol = new Protocol();
addProtocol('pmtiles', protocol.tile);

/** Read the archive at `url` from `stored` (a Blob of the whole archive), or from the server when null. */
export function useArchive(url: string, stored: Blob | null): void {
  if (stored) protocol.add(new PMTiles(new StoredArchiveSource(url, stored)));
  // The protocol makes a reader over HTTP for a URL it does not know.
  else protocol.tiles.delete(url);
}
