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
