// The public API as the page calls it: same origin, JSON, with the API key when this tab keeps one.

const KEY = 'wasm-faas.api-key';

/** A call that did not succeed: status 0 when the gateway could not be reached at all. */
export class ApiError extends Error {
  constructor(status, problem, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** The API key of this tab: sessionStorage, so it ends with the tab and never reaches another origin. */
export const apiKey = {
  get() {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  set(key) {
    sessionStorage.setItem(KEY, key);
  },
  clear() {
    sessionStorage.removeItem(KEY);
  },
};

/** Calls the API and answers the parsed JSON body; throws an ApiError for anything but a 2xx. */
export async function call(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const key = apiKey.get();
  if (key) {
    headers.Authorization = `Bearer ${key}`;
  }
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, null, 'the gateway cannot be reached');
  }
  const text = await response.text().catch(() => '');
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const detail = data && typeof data === 'object' ? data.detail || data.title : null;
    throw new ApiError(response.status, data, detail ? String(detail) : `HTTP ${response.status}`);
  }
  return data;
}
