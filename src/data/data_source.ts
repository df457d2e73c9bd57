// Where the data set comes from. One small interface so that the built-in static
// files, an intranet server or (later) the IndexedDB cache can stand behind it.

/**
 * Why a request failed, because the user is told different things:
 * 'network' — no answer (offline, server down): try again later;
 * 'server' — the server answered with an error status;
 * 'invalid' — the server answered, but not with a usable file;
 * 'config' — the deployment's config.json points nowhere usable: no retry will help.
 */
export type DataSourceErrorKind = 'network' | 'server' | 'invalid' | 'config';

/** Error whose message is meant for the user, in Chinese. */
export class DataSourceError extends Error {
  constructor(
    message: string,
    readonly kind: DataSourceErrorKind = 'network',
  ) {
    super(message);
  }
}

export interface DataSource {
  /** Absolute base URL of the data set, kept with the cache to tell another data set from an update. */
  readonly source: string;
  /** The manifest's parsed JSON (not yet validated). */
  fetchManifest(): Promise<unknown>;
  /** One data file's bytes, by its name in the manifest. */
  fetchFile(name: string): Promise<ArrayBuffer>;
}

/** Reads data/ over HTTP from a base URL (by default the app's own /data/). */
export function createHttpDataSource(baseUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): DataSource {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, globalThis.location?.href ?? 'http://localhost/').href;
  async function get(name: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(new URL(name, base).href);
    } catch {
      throw new DataSourceError(`无法连接数据服务器，未能下载 ${name}（请检查网络）`, 'network');
    }
    if (!response.ok) throw new DataSourceError(`下载 ${name} 失败：服务器返回 ${response.status}`, 'server');
    return response;
  }
  return {
    source: base,
    async fetchManifest() {
      const response = await get('manifest.json');
      try {
        return await response.json();
      } catch {
        throw new DataSourceError('数据清单 manifest.json 不是有效的 JSON', 'invalid');
      }
    },
    async fetchFile(name) {
      return (await get(name)).arrayBuffer();
    },
  };
}

/**
 * The data source of a deployment whose dataBaseUrl is unusable: every request fails
 * with the configuration problem, so the app shows what it has cached and says why it
 * does not update, instead of falling back to another data set.
 */
export function createMisconfiguredDataSource(source: string, problem: string): DataSource {
  const fail = (): Promise<never> => Promise.reject(new DataSourceError(problem, 'config'));
  return { source, fetchManifest: fail, fetchFile: fail };
}
