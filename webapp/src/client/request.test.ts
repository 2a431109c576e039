import {jsonResponse, requestOf, stubFetch} from '../../tests/fetch';

import {baseURL} from './base_url';
import {ApiError, csrfToken, NetworkError, request} from './request';

afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'MMCSRF=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    delete window.basename;
});

describe('request', () => {
    test('sends JSON with the CSRF token from the MMCSRF cookie on a state-changing call', async () => {
        document.cookie = 'MMCSRF=csrf%2Btoken';
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(201, {id: 'c1'}));

        const answer = await request<{id: string}>('https://mm.example.com', '/connections', {
            method: 'POST',
            body: {kind: 'telegram', name: 'Shop bot'},
        });

        expect(answer).toEqual({id: 'c1'});
        const {url, init} = requestOf(fetchMock);
        expect(url).toBe('https://mm.example.com/plugins/frontdesk/api/v1/connections');
        expect(init.method).toBe('POST');
        expect(init.credentials).toBe('same-origin');
        expect(init.headers).toMatchObject({
            'X-Requested-With': 'XMLHttpRequest',
            'X-CSRF-Token': 'csrf+token',
            'Content-Type': 'application/json',
        });
        expect(JSON.parse(String(init.body))).toEqual({kind: 'telegram', name: 'Shop bot'});
    });

    test('turns the server error body into a typed ApiError', async () => {
        stubFetch().mockResolvedValueOnce(jsonResponse(403, {error: 'forbidden', message: 'You cannot use chats.'}));

        const err = await request('', '/status').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({status: 403, code: 'forbidden', message: 'You cannot use chats.'});
    });

    test('keeps the HTTP status when the error body is not JSON', async () => {
        stubFetch().mockResolvedValueOnce(new Response('<html>Bad Gateway</html>', {status: 502, statusText: 'Bad Gateway'}));

        const err = await request('', '/status').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({status: 502, code: '', message: '502 Bad Gateway'});
    });

    test('reports a failed fetch as a NetworkError', async () => {
        stubFetch().mockRejectedValueOnce(new TypeError('Failed to fetch'));

        const err = await request('', '/status').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(NetworkError);
        expect((err as Error).message).toContain('GET /status failed');
    });

    test('answers undefined for 204 No Content', async () => {
        stubFetch().mockResolvedValueOnce(new Response(null, {status: 204}));

        await expect(request('', '/connections/c1', {method: 'DELETE'})).resolves.toBeUndefined();
    });
});

describe('csrfToken', () => {
    test.each([
        ['MMCSRF=abc', 'abc'],
        ['MMUSERID=u1; MMCSRF=abc; other=1', 'abc'],
        ['MMCSRFX=nope; MMCSRF=a=b', 'a=b'],
        ['MMUSERID=u1', ''],
        ['', ''],
    ])('reads %j as %j', (cookie, want) => {
        expect(csrfToken(cookie)).toBe(want);
    });
});

describe('baseURL', () => {
    const state = (SiteURL?: string) => ({entities: {general: {config: {SiteURL}}}});

    test('uses the configured SiteURL without a trailing slash', () => {
        expect(baseURL(state('https://mm.example.com/chat/'))).toBe('https://mm.example.com/chat');
    });

    test('falls back to the web app basename, then to same origin', () => {
        window.basename = '/chat';
        expect(baseURL(state(''))).toBe('/chat');
        delete window.basename;
        expect(baseURL(state())).toBe('');
    });
});
