// Where the data set comes from. One small interface so that the built-in static
// files, an intranet server or (later) the IndexedDB cache can stand behind it.

/** Error whose message is meant for the user, in Chinese. */
export class DataSourceError extends Error {}

export interface DataSource {
  /** The manifest's parsed JSON (not yet validated). */
  fetchManifest(): Promise<unknown>;
  /** One data file's bytes, by its name in the manifest. */
  fetchFile(name: string): Promise<ArrayBuffer>;
}

/** Reads data/ over HTTP from a base URL (by default the app's own /data/). */
export function createHttpDataSource(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): DataSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  async function get(name: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(new URL(name, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href);
    } catch {
      throw new DataSourceError(`无法连接数据服务器，未能下载 ${name}（请检查网络）`);
    }
    if (!response.ok) throw new DataSourceError(`下载 ${name} 失败：服务器返回 ${response.status}`);
    return response;
  }
  return {
    async fetchManifest() {
      const response = await get('manifest.json');
      try {
        return await response.json();
      } catch {
        throw new DataSourceError('数据清单 manifest.json 不是有效的 JSON');
      }
    },
    async fetchFile(name) {
      return (await get(name)).arrayBuffer();
    },
  };
}
