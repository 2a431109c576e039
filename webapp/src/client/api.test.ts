import {jsonResponse, requestOf, stubFetch} from '../../tests/fetch';

import {createClient, createDocument, getClientCard, linkClient, searchClients, unlinkClient} from './api';
import {ApiError} from './request';

const base = 'https://mm.example.com';
const api = `${base}/plugins/frontdesk/api/v1`;

const card = {helpdesk: 'builtin', linked: false, client: null, documents: [], chats: [], candidates: []};

afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'MMCSRF=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
});

describe('client and document calls', () => {
    test('GET /conversations/{id}/client reads the card without a body or CSRF token', async () => {
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(200, card));
        const controller = new AbortController();

        await expect(getClientCard(base, 'c 1', controller.signal)).resolves.toEqual(card);

        const {url, init} = requestOf(fetchMock);
        expect(url).toBe(`${api}/conversations/c%201/client`);
        expect(init.method).toBe('GET');
        expect(init.body).toBeUndefined();
        expect(init.signal).toBe(controller.signal);
        expect(init.headers).not.toHaveProperty('X-CSRF-Token');
    });

    test('POST /conversations/{id}/link sends the client id; DELETE /conversations/{id}/link unlinks', async () => {
        document.cookie = 'MMCSRF=tok';
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(200, {...card, linked: true})).mockResolvedValueOnce(jsonResponse(200, card));

        await expect(linkClient(base, 'c1', 'cl1')).resolves.toMatchObject({linked: true});
        await expect(unlinkClient(base, 'c1')).resolves.toMatchObject({linked: false});

        const link = requestOf(fetchMock, 0);
        expect(link.url).toBe(`${api}/conversations/c1/link`);
        expect(link.init.method).toBe('POST');
        expect(link.init.headers).toMatchObject({'X-CSRF-Token': 'tok', 'Content-Type': 'application/json'});
        expect(JSON.parse(String(link.init.body))).toEqual({client_id: 'cl1'});
        const unlink = requestOf(fetchMock, 1);
        expect(unlink.url).toBe(`${api}/conversations/c1/link`);
        expect(unlink.init.method).toBe('DELETE');
        expect(unlink.init.body).toBeUndefined();
        expect(unlink.init.headers).toMatchObject({'X-CSRF-Token': 'tok'});
    });

    test('GET /clients?q= escapes the search text', async () => {
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(200, []));

        await searchClients(base, 'Anna +48 & co');

        const {url, init} = requestOf(fetchMock);
        expect(init.method).toBe('GET');
        expect(new URL(url).pathname).toBe('/plugins/frontdesk/api/v1/clients');
        expect(new URL(url).searchParams.get('q')).toBe('Anna +48 & co');
    });

    test('POST /clients sends the new client with the chat to link', async () => {
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(201, {id: 'cl9', name: 'Anna Nowak'}));
        const client = {
            name: 'Anna Nowak', phones: ['+48500100200'], emails: [], address: '', notes: '', link_conversation_id: 'c1',
        };

        await expect(createClient(base, client)).resolves.toMatchObject({id: 'cl9'});

        const {url, init} = requestOf(fetchMock);
        expect(url).toBe(`${api}/clients`);
        expect(init.method).toBe('POST');
        expect(JSON.parse(String(init.body))).toEqual(client);
    });

    test('POST /conversations/{id}/documents sends kind, title and description', async () => {
        const fetchMock = stubFetch();
        fetchMock.mockResolvedValueOnce(jsonResponse(201, {id: 'd1', kind: 'order', number: '42'}));

        await createDocument(base, 'c1', {kind: 'order', title: 'Screen', description: 'Cracked screen'});

        const {url, init} = requestOf(fetchMock);
        expect(url).toBe(`${api}/conversations/c1/documents`);
        expect(init.method).toBe('POST');
        expect(JSON.parse(String(init.body))).toEqual({kind: 'order', title: 'Screen', description: 'Cracked screen'});
    });

    test('a refused link comes back as the server\'s ApiError', async () => {
        stubFetch().mockResolvedValueOnce(jsonResponse(409, {error: 'already_linked', message: 'The chat is linked to another client.'}));

        const err = await linkClient(base, 'c1', 'cl1').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(ApiError);
        expect(err).toMatchObject({status: 409, code: 'already_linked'});
    });
});
