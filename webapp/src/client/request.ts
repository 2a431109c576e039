// The one place the webapp talks HTTP to the plugin's server part.
import manifest from '../manifest';

// ApiError carries the server's error body ({"error": "<code>", "message": "<text>"}) and the
// HTTP status, so components can choose what to show without parsing strings.
export class ApiError extends Error {
    readonly status: number;
    readonly code: string;

    constructor(status: number, code: string, message: string) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.code = code;
    }
}

// NetworkError means no HTTP answer at all (offline, server down, aborted).
export class NetworkError extends Error {
    constructor(message: string, options?: {cause?: unknown}) {
        super(message, options);
        this.name = 'NetworkError';
    }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type RequestOptions = {
    method?: Method;
    body?: unknown;
    signal?: AbortSignal;
};

export function apiPath(path: string): string {
    return `/plugins/${manifest.id}/api/v1${path}`;
}

// csrfToken reads the MMCSRF cookie Mattermost sets at login; the server checks it on
// cookie-authenticated requests that change state.
export function csrfToken(cookie: string = document.cookie): string {
    for (const part of cookie.split(';')) {
        const [name, ...value] = part.trim().split('=');
        if (name === 'MMCSRF') {
            return decodeURIComponent(value.join('='));
        }
    }
    return '';
}

// request calls the plugin's own API: path is relative to /plugins/frontdesk/api/v1.
export function request<T>(baseURL: string, path: string, options: RequestOptions = {}): Promise<T> {
    return send<T>(baseURL + apiPath(path), path, options).then((answer) => answer.data);
}

// requestWithHeaders is request for the calls whose answer says more in its headers (a list's
// X-Has-More).
export function requestWithHeaders<T>(baseURL: string, path: string, options: RequestOptions = {}): Promise<{data: T; headers: Headers}> {
    return send<T>(baseURL + apiPath(path), path, options);
}

// serverRequest calls Mattermost's REST API (path starts with /api/v4), for what the web app's
// store does not hold yet, such as another user's name.
export function serverRequest<T>(baseURL: string, path: string, options: RequestOptions = {}): Promise<T> {
    return send<T>(baseURL + path, path, options).then((answer) => answer.data);
}

async function send<T>(url: string, path: string, options: RequestOptions): Promise<{data: T; headers: Headers}> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = {
        Accept: 'application/json',
        'X-Requested-With': 'XMLHttpRequest',
    };
    if (method !== 'GET') {
        headers['X-CSRF-Token'] = csrfToken();
    }
    let body: string | undefined;
    if (options.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(options.body);
    }

    let response: Response;
    try {
        response = await fetch(url, {
            method,
            headers,
            body,
            credentials: 'same-origin',
            signal: options.signal,
        });
    } catch (err) {
        throw new NetworkError(`${method} ${path} failed: ${String(err)}`, {cause: err});
    }

    if (!response.ok) {
        throw await errorFrom(response);
    }
    if (response.status === 204) {
        return {data: undefined as T, headers: response.headers};
    }
    return {data: await response.json() as T, headers: response.headers};
}

async function errorFrom(response: Response): Promise<ApiError> {
    let code = '';
    let message = '';
    try {
        const data: unknown = await response.json();
        if (data && typeof data === 'object') {
            const fields = data as {error?: unknown; message?: unknown};
            code = typeof fields.error === 'string' ? fields.error : '';
            message = typeof fields.message === 'string' ? fields.message : '';
        }
    } catch {
        // Not JSON (a proxy's HTML error page, say): the status alone has to do.
    }
    return new ApiError(response.status, code, message || `${response.status} ${response.statusText}`.trim());
}
