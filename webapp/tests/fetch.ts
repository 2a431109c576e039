// Stubs for fetch, the network boundary, with answers shaped like the plugin server's.
import {vi, type Mock} from 'vitest';

export type FetchMock = Mock<typeof fetch>;

export function stubFetch(): FetchMock {
    const mock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', mock);
    return mock;
}

export function jsonResponse(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), {
        status,
        headers: {'Content-Type': 'application/json'},
    });
}

// deferred gives a promise the test settles by hand, to look at the screen mid-request.
export function deferred<T>(): {promise: Promise<T>; resolve: (value: T) => void} {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => {
        resolve = r;
    });
    return {promise, resolve};
}

// requestOf returns the URL and init of the n-th fetch call.
export function requestOf(mock: FetchMock, n = 0): {url: string; init: RequestInit} {
    const [input, init] = mock.mock.calls[n];
    return {url: String(input), init: init ?? {}};
}

// A route answers one "METHOD /path" call; it gets the query and the request init.
export type Route = (query: URLSearchParams, init: RequestInit) => Response | Promise<Response>;

const pluginAPI = '/plugins/frontdesk/api/v1';

// routeKey names a call by method and path, the plugin's API prefix left off:
// "GET /conversations", "POST /conversations/c1/read", "GET /api/v4/users/u1".
export function routeKey(input: string, init: RequestInit = {}): string {
    const {pathname} = new URL(input, 'http://localhost');
    const path = pathname.startsWith(pluginAPI) ? pathname.slice(pluginAPI.length) : pathname;
    return `${init.method ?? 'GET'} ${path}`;
}

// routeFetch stubs fetch with answers per route; a call nobody routed gets the server's 404.
// The routes object can be changed between steps of a test.
export function routeFetch(routes: Record<string, Route>): FetchMock {
    const mock = stubFetch();
    mock.mockImplementation(async (input, init) => {
        const url = new URL(String(input), 'http://localhost');
        const route = routes[routeKey(String(input), init)];
        if (!route) {
            return jsonResponse(404, {error: 'not_found', message: 'Not found.'});
        }
        return route(url.searchParams, init ?? {});
    });
    return mock;
}

// callsTo lists the query strings of the calls made to one route, in order.
export function callsTo(mock: FetchMock, key: string): URLSearchParams[] {
    return mock.mock.calls.
        filter(([input, init]) => routeKey(String(input), init) === key).
        map(([input]) => new URL(String(input), 'http://localhost').searchParams);
}
