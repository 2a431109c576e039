import {act, fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {callsTo, deferred, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import {createChanges} from '../../changes';
import type {Client, ClientCard, ClientDocument, Conversation} from '../../client/types';
import {createMiniChat, MiniChatContext} from '../../mini_chat_store';
import ChatList from '../chats/chat_list';

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
    return {
        id,
        connection_id: 'conn1',
        kind: 'whatsapp',
        connection_name: 'Shop WhatsApp',
        account_name: '+48 22 000 00 00',
        root_post_id: `root-${id}`,
        status: 'active',
        customer: {id: `cust-${id}`, name: 'Anna Nowak', phone: '+48500100200'},
        last_customer_at: Date.UTC(2025, 4, 6, 9, 30),
        last_message_at: Date.UTC(2025, 4, 6, 9, 30),
        unread: false,
        unanswered: false,
        pruned_count: 0,
        ...over,
    };
}

function client(id: string, over: Partial<Client> = {}): Client {
    return {
        id,
        name: 'Anna Nowak',
        phones: ['+48500100200'],
        emails: [],
        handles: [],
        address: '',
        notes: '',
        url: '',
        ...over,
    };
}

function doc(id: string, over: Partial<ClientDocument> = {}): ClientDocument {
    return {
        id,
        kind: 'order',
        number: `ZL-${id}`,
        date: Date.UTC(2025, 3, 2),
        status: 'In repair',
        amount: '350.00',
        currency: 'PLN',
        url: '',
        ...over,
    };
}

function unlinkedCard(over: Partial<ClientCard> = {}): ClientCard {
    return {
        helpdesk: 'builtin',
        linked: false,
        client: null,
        documents: [],
        chats: [],
        candidates: [],
        last_customer_message: 'My screen is cracked, can you fix it?',
        ...over,
    };
}

function linkedCard(over: Partial<ClientCard> = {}): ClientCard {
    return {
        helpdesk: 'builtin',
        linked: true,
        client: client('cl1'),
        linked_by: 'user1',
        linked_at: Date.UTC(2025, 4, 6),
        documents: [],
        chats: [{conversation_id: 'c1', kind: 'whatsapp', connection_name: 'Shop WhatsApp', root_post_id: 'root-c1', last_message_at: 1}],
        last_customer_message: 'My screen is cracked, can you fix it?',
        ...over,
    };
}

const ok = (body: unknown): Route => () => jsonResponse(200, body);

function bodyOf(init: RequestInit): unknown {
    return JSON.parse(String(init.body));
}

// openCard renders the chats with one chat (c1) and opens its client card; routes stays the
// one object answering, so a test can change it between steps.
async function openCard(routes: Record<string, Route>, options: {changes?: ReturnType<typeof createChanges>} = {}) {
    routes['GET /conversations'] ??= ok([conv('c1')]);
    const fetchMock = routeFetch(routes);
    renderInHost(<ChatList/>, {clientChanges: options.changes});
    fireEvent.click(await screen.findByTestId('frontdesk-chat-client'));
    return fetchMock;
}

function card() {
    return screen.getByTestId('frontdesk-client-card');
}

afterEach(() => {
    vi.unstubAllGlobals();
    delete window.WebappUtils;
});

describe('ClientCard', () => {
    test('loads nothing until asked, then shows the loading state and the candidates; Link links the chat', async () => {
        const answer = deferred<Response>();
        const linked = linkedCard({client: client('cl2', {name: 'Anna N.'})});
        const fetchMock = routeFetch({
            'GET /conversations': ok([conv('c1')]),
            'GET /conversations/c1/client': () => answer.promise,
            'POST /conversations/c1/link': ok(linked),
        });
        renderInHost(<ChatList/>);
        const toggle = await screen.findByTestId('frontdesk-chat-client');
        expect(toggle).toHaveTextContent('Client');
        expect(toggle).toHaveAttribute('aria-expanded', 'false');
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(0);

        fireEvent.click(toggle);

        expect(toggle).toHaveAttribute('aria-expanded', 'true');
        expect(toggle).toHaveAttribute('aria-controls', card().id);
        expect(card()).toHaveAccessibleName('Client of Anna Nowak');
        expect(screen.getByTestId('frontdesk-client-loading')).toHaveTextContent('Loading the client…');
        answer.resolve(jsonResponse(200, unlinkedCard({
            candidates: [client('cl1', {phones: ['+48500100200'], emails: ['anna@example.com']}), client('cl2', {name: 'Anna N.'})],
        })));

        const candidates = await screen.findAllByTestId('frontdesk-client-candidate');
        expect(card()).toHaveAttribute('data-state', 'unlinked');
        expect(screen.getByTestId('frontdesk-client-unlinked')).toHaveTextContent('This chat is not linked to a client yet.');
        expect(candidates.map((c) => c.dataset.clientId)).toEqual(['cl1', 'cl2']);
        expect(candidates[0]).toHaveTextContent('+48500100200 · anna@example.com');
        const link = within(candidates[1]).getByTestId('frontdesk-client-link');
        expect(link).toHaveAttribute('title', 'Link this chat to Anna N.');

        fireEvent.click(link);

        await waitFor(() => expect(card()).toHaveAttribute('data-state', 'linked'));
        expect(screen.getByTestId('frontdesk-client-name')).toHaveTextContent('Anna N.');
        const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/conversations/c1/link'))!;
        expect(init?.method).toBe('POST');
        expect(bodyOf(init!)).toEqual({client_id: 'cl2'});
        // The link answer is the new card: no second GET.
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(1);

        fireEvent.click(toggle);
        expect(screen.queryByTestId('frontdesk-client-card')).not.toBeInTheDocument();
        expect(toggle).toHaveAttribute('aria-expanded', 'false');
    });

    test('says why a link was refused and keeps the candidates', async () => {
        await openCard({
            'GET /conversations/c1/client': ok(unlinkedCard({candidates: [client('cl1')]})),
            'POST /conversations/c1/link': () => jsonResponse(409, {error: 'conflict', message: 'The client was deleted.'}),
        });

        fireEvent.click(await screen.findByTestId('frontdesk-client-link'));

        expect(await screen.findByTestId('frontdesk-client-action-error')).toHaveTextContent('That did not work: The client was deleted.');
        expect(screen.getAllByTestId('frontdesk-client-candidate')).toHaveLength(1);
        expect(screen.getByTestId('frontdesk-client-link')).toBeEnabled();
    });

    test('searches once typing stops and links a result', async () => {
        const fetchMock = await openCard({
            'GET /conversations/c1/client': ok(unlinkedCard()),
            'GET /clients': (q) => jsonResponse(200, q.get('q') === 'Kowal' ? [client('cl7', {name: 'Jan Kowalski', phones: [], emails: ['jan@example.com']})] : []),
            'POST /conversations/c1/link': ok(linkedCard({client: client('cl7', {name: 'Jan Kowalski'})})),
        });
        const search = await screen.findByTestId('frontdesk-client-search');
        expect(screen.queryByTestId('frontdesk-client-candidates')).not.toBeInTheDocument();
        expect(search).toHaveAccessibleName('Find a client');

        for (const text of ['K', 'Ko', 'Kow', 'Kowa', 'Kowal']) {
            fireEvent.change(search, {target: {value: text}});
        }

        const result = await screen.findByTestId('frontdesk-client-result');
        expect(result).toHaveAttribute('data-client-id', 'cl7');
        expect(result).toHaveTextContent('Jan Kowalski');
        expect(result).toHaveTextContent('jan@example.com');
        expect(callsTo(fetchMock, 'GET /clients').map((q) => q.get('q'))).toEqual(['Kowal']);

        fireEvent.click(within(result).getByTestId('frontdesk-client-link'));

        await waitFor(() => expect(screen.getByTestId('frontdesk-client-name')).toHaveTextContent('Jan Kowalski'));
        const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/conversations/c1/link'))!;
        expect(bodyOf(init!)).toEqual({client_id: 'cl7'});
    });

    test('says when no client matches, and searches again on retry after a failure', async () => {
        const routes: Record<string, Route> = {
            'GET /conversations/c1/client': ok(unlinkedCard()),
            'GET /clients': () => jsonResponse(502, {error: 'helpdesk_unavailable', message: 'The helpdesk did not answer.'}),
        };
        const fetchMock = await openCard(routes);

        fireEvent.change(await screen.findByTestId('frontdesk-client-search'), {target: {value: 'Zenon'}});

        expect(await screen.findByTestId('frontdesk-client-search-error')).toHaveTextContent('Could not search: The helpdesk did not answer.');
        routes['GET /clients'] = ok([]);
        fireEvent.click(screen.getByTestId('frontdesk-client-search-retry'));
        expect(await screen.findByTestId('frontdesk-client-no-results')).toHaveTextContent('No client matches “Zenon”');
        expect(callsTo(fetchMock, 'GET /clients')).toHaveLength(2);
    });

    test('creates a client from the form prefilled with the customer\'s name and phone, linked to the chat', async () => {
        const routes: Record<string, Route> = {
            'GET /conversations/c1/client': ok(unlinkedCard()),
            'POST /clients': () => {
                // The server links the chat as it creates the client.
                routes['GET /conversations/c1/client'] = ok(linkedCard({client: client('cl9', {name: 'Anna Nowak-Kowalska'})}));
                return jsonResponse(201, client('cl9', {name: 'Anna Nowak-Kowalska'}));
            },
        };
        const fetchMock = await openCard(routes);

        fireEvent.click(await screen.findByTestId('frontdesk-client-new'));

        const name = screen.getByTestId('frontdesk-client-form-name');
        expect(name).toHaveFocus();
        expect(name).toHaveValue('Anna Nowak');
        expect(name).toHaveAccessibleName('Name');
        expect(screen.getByTestId('frontdesk-client-form-phone')).toHaveValue('+48500100200');
        fireEvent.change(name, {target: {value: 'Anna Nowak-Kowalska'}});
        fireEvent.change(screen.getByTestId('frontdesk-client-form-email'), {target: {value: ' anna@example.com '}});
        fireEvent.change(screen.getByTestId('frontdesk-client-form-address'), {target: {value: 'ul. Długa 1, Gdańsk'}});
        fireEvent.click(screen.getByTestId('frontdesk-client-form-submit'));

        await waitFor(() => expect(screen.getByTestId('frontdesk-client-name')).toHaveTextContent('Anna Nowak-Kowalska'));
        const [, init] = fetchMock.mock.calls.find(([url, i]) => String(url).endsWith('/clients') && i?.method === 'POST')!;
        expect(bodyOf(init!)).toEqual({
            name: 'Anna Nowak-Kowalska',
            phones: ['+48500100200'],
            emails: ['anna@example.com'],
            address: 'ul. Długa 1, Gdańsk',
            notes: '',
            link_conversation_id: 'c1',
        });
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(2);
    });

    test('keeps the new client form and says why when creating is refused; Escape closes it', async () => {
        await openCard({
            'GET /conversations/c1/client': ok(unlinkedCard()),
            'POST /clients': () => jsonResponse(400, {error: 'invalid', message: 'The phone number is not valid.'}),
        });
        fireEvent.click(await screen.findByTestId('frontdesk-client-new'));
        fireEvent.change(screen.getByTestId('frontdesk-client-form-phone'), {target: {value: '12'}});

        fireEvent.click(screen.getByTestId('frontdesk-client-form-submit'));

        expect(await screen.findByTestId('frontdesk-client-form-error')).toHaveTextContent('That did not work: The phone number is not valid.');
        expect(screen.getByTestId('frontdesk-client-form-phone')).toHaveValue('12');
        expect(screen.getByTestId('frontdesk-client-form-submit')).toBeEnabled();

        fireEvent.keyDown(screen.getByTestId('frontdesk-client-form-phone'), {key: 'Escape'});
        expect(screen.queryByTestId('frontdesk-client-form')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-client-new')).toBeInTheDocument();
    });

    test('a client without a name cannot be created', async () => {
        routeFetch({
            'GET /conversations': ok([conv('c1', {customer: {id: 'x', name: '', username: 'anna_n'}})]),
            'GET /conversations/c1/client': ok(unlinkedCard()),
        });
        renderInHost(<ChatList/>);
        fireEvent.click(await screen.findByTestId('frontdesk-chat-client'));
        fireEvent.click(await screen.findByTestId('frontdesk-client-new'));

        expect(screen.getByTestId('frontdesk-client-form-name')).toHaveValue('');
        expect(screen.getByTestId('frontdesk-client-form-phone')).toHaveValue('');
        expect(screen.getByTestId('frontdesk-client-form-submit')).toBeDisabled();
    });

    test('shows a linked client: helpdesk link, contacts, other chats that open their thread, and documents', async () => {
        const push = vi.fn();
        window.WebappUtils = {browserHistory: {push}};
        await openCard({
            'GET /conversations/c1/client': ok(linkedCard({
                helpdesk: 'remonline',
                client: client('cl1', {
                    phones: ['+48 500 100 200', '+48 22 111 22 33'],
                    emails: ['anna@example.com'],
                    address: 'ul. Długa 1, Gdańsk',
                    url: 'https://crm.example.com/clients/cl1',
                }),
                documents: [
                    doc('d2', {kind: 'estimate', number: 'WY-7', url: 'https://crm.example.com/estimates/7', amount: '1200', date: Date.UTC(2025, 4, 5)}),
                    doc('d1', {kind: 'invoice', number: 'FV-3', status: 'Paid', amount: '', currency: ''}),
                ],
                chats: [
                    {conversation_id: 'c1', kind: 'whatsapp', connection_name: 'Shop WhatsApp', root_post_id: 'root-c1', last_message_at: 1},
                    {conversation_id: 'c8', kind: 'instagram', connection_name: 'shop.insta', root_post_id: 'root-c8', last_message_at: Date.UTC(2025, 2, 1)},
                ],
            })),
        });

        const name = await screen.findByTestId('frontdesk-client-name');
        const helpdesk = within(name).getByRole('link', {name: 'Anna Nowak'});
        expect(helpdesk).toHaveAttribute('href', 'https://crm.example.com/clients/cl1');
        expect(helpdesk).toHaveAttribute('target', '_blank');
        expect(helpdesk).toHaveAttribute('rel', 'noopener noreferrer');
        expect(screen.getByTestId('frontdesk-client-phones')).toHaveTextContent('+48 500 100 200, +48 22 111 22 33');
        expect(within(screen.getByTestId('frontdesk-client-phones')).getAllByRole('link')[0]).toHaveAttribute('href', 'tel:+48500100200');
        expect(screen.getByTestId('frontdesk-client-emails')).toHaveTextContent('anna@example.com');
        expect(screen.getByTestId('frontdesk-client-address')).toHaveTextContent('ul. Długa 1, Gdańsk');

        // This chat is not among the others.
        const chats = screen.getAllByTestId('frontdesk-client-chat');
        expect(chats.map((c) => c.dataset.conversationId)).toEqual(['c8']);
        expect(chats[0]).toHaveTextContent('Instagram · shop.insta');
        fireEvent.click(within(chats[0]).getByTestId('frontdesk-client-chat-open'));
        expect(push).toHaveBeenCalledWith('/repair-shop/pl/root-c8');

        const rows = screen.getAllByTestId('frontdesk-client-document');
        expect(within(screen.getByTestId('frontdesk-client-documents')).getAllByRole('columnheader').map((h) => h.textContent)).
            toEqual(['Kind', 'Number', 'Date', 'Status', 'Amount']);
        expect(rows.map((r) => r.dataset.kind)).toEqual(['estimate', 'invoice']);
        expect(rows[0]).toHaveTextContent(/^EstimateWY-7May 5, 2025In repair/);
        expect(within(rows[0]).getByRole('link', {name: 'WY-7'})).toHaveAttribute('href', 'https://crm.example.com/estimates/7');
        expect(within(rows[0]).getByTestId('frontdesk-client-document-amount').textContent?.replace(/\s/g, ' ')).toBe('PLN 1,200.00');
        expect(rows[1]).toHaveTextContent('Invoice');
        expect(within(rows[1]).queryByRole('link')).not.toBeInTheDocument();
        expect(within(rows[1]).getByTestId('frontdesk-client-document-amount')).toHaveTextContent('');
        expect(screen.queryByTestId('frontdesk-client-documents-empty')).not.toBeInTheDocument();
    });

    test('says when the client has no documents and no other chats', async () => {
        await openCard({'GET /conversations/c1/client': ok(linkedCard())});

        expect(await screen.findByTestId('frontdesk-client-documents-empty')).toHaveTextContent('No documents yet');
        expect(screen.getByTestId('frontdesk-client-no-chats')).toHaveTextContent('No other chats with this client');
        expect(screen.queryByTestId('frontdesk-client-emails')).not.toBeInTheDocument();
        // The built-in helpdesk has no client pages: the name is plain text.
        expect(within(screen.getByTestId('frontdesk-client-name')).queryByRole('link')).not.toBeInTheDocument();
    });

    test('creates an order with the customer\'s last message as description and lists it first', async () => {
        const created = doc('d9', {number: 'ZL-9', status: 'New', amount: ''});
        const fetchMock = await openCard({
            'GET /conversations/c1/client': ok(linkedCard({documents: [doc('d1')]})),
            'POST /conversations/c1/documents': () => jsonResponse(201, created),
        });
        expect((await screen.findByTestId('frontdesk-client-new-estimate'))).toHaveTextContent('New estimate');
        expect(screen.getByTestId('frontdesk-client-new-lead')).toHaveTextContent('New lead');

        fireEvent.click(screen.getByTestId('frontdesk-client-new-order'));

        const form = screen.getByTestId('frontdesk-document-form');
        expect(form).toHaveAttribute('data-kind', 'order');
        expect(within(form).getByRole('heading')).toHaveTextContent('New order');
        const title = screen.getByTestId('frontdesk-document-title');
        expect(title).toHaveFocus();
        expect(screen.getByTestId('frontdesk-document-description')).toHaveValue('My screen is cracked, can you fix it?');
        expect(screen.getByTestId('frontdesk-document-submit')).toBeDisabled();
        fireEvent.change(title, {target: {value: 'Screen replacement '}});
        fireEvent.submit(form);

        expect(await screen.findByTestId('frontdesk-document-created')).toHaveTextContent('Order ZL-9 created');
        expect(screen.queryByTestId('frontdesk-document-form')).not.toBeInTheDocument();
        expect(screen.getAllByTestId('frontdesk-client-document').map((r) => r.dataset.documentId)).toEqual(['d9', 'd1']);
        const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/conversations/c1/documents'))!;
        expect(init?.method).toBe('POST');
        expect(bodyOf(init!)).toEqual({kind: 'order', title: 'Screen replacement', description: 'My screen is cracked, can you fix it?'});
    });

    test('keeps the document form and says why when the helpdesk refuses it; Cancel closes it', async () => {
        await openCard({
            'GET /conversations/c1/client': ok(linkedCard()),
            'POST /conversations/c1/documents': () => jsonResponse(502, {error: 'helpdesk_unavailable', message: 'The helpdesk did not answer.'}),
        });
        fireEvent.click(await screen.findByTestId('frontdesk-client-new-lead'));
        fireEvent.change(screen.getByTestId('frontdesk-document-title'), {target: {value: 'Laptop fan'}});
        fireEvent.click(screen.getByTestId('frontdesk-document-submit'));

        expect(await screen.findByTestId('frontdesk-document-error')).toHaveTextContent('That did not work: The helpdesk did not answer.');
        expect(screen.getByTestId('frontdesk-document-title')).toHaveValue('Laptop fan');
        expect(screen.getByTestId('frontdesk-client-documents-empty')).toBeInTheDocument();

        fireEvent.click(screen.getByTestId('frontdesk-document-cancel'));
        expect(screen.queryByTestId('frontdesk-document-form')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-client-new-order')).toBeInTheDocument();
    });

    test('Edit opens the client\'s contacts prefilled, and Save sends only what changed and shows the card again', async () => {
        const edited = client('cl1', {phones: ['+48500100200', '+48221112233'], address: 'Długa 5, Gdańsk'});
        const routes: Record<string, Route> = {
            'GET /conversations/c1/client': ok(linkedCard({
                client: client('cl1', {emails: ['anna@example.com'], address: 'ul. Długa 1, Gdańsk', notes: 'Prefers SMS'}),
            })),
            'PATCH /clients/cl1': () => {
                routes['GET /conversations/c1/client'] = ok(linkedCard({client: edited}));
                return jsonResponse(200, edited);
            },
        };
        const fetchMock = await openCard(routes);
        const edit = await screen.findByTestId('frontdesk-client-edit');
        expect(edit).toHaveTextContent('Edit');
        expect(edit).toHaveAttribute('title', 'Edit Anna Nowak');

        fireEvent.click(edit);

        const name = screen.getByTestId('frontdesk-client-edit-name');
        expect(name).toHaveFocus();
        expect(name).toHaveValue('Anna Nowak');
        expect(name).toHaveAccessibleName('Name');
        const phones = screen.getByTestId('frontdesk-client-edit-phones');
        expect(phones).toHaveValue('+48500100200');
        expect(phones).toHaveAccessibleName('Phones (one per line or comma-separated)');
        expect(screen.getByTestId('frontdesk-client-edit-emails')).toHaveValue('anna@example.com');
        expect(screen.getByTestId('frontdesk-client-edit-address')).toHaveValue('ul. Długa 1, Gdańsk');
        expect(screen.getByTestId('frontdesk-client-edit-notes')).toHaveValue('Prefers SMS');
        expect(screen.queryByTestId('frontdesk-client-name')).not.toBeInTheDocument();

        // The same phone written again and the same name with spaces around are no change.
        fireEvent.change(name, {target: {value: ' Anna Nowak '}});
        fireEvent.change(phones, {target: {value: '+48500100200, +48221112233\n'}});
        fireEvent.change(screen.getByTestId('frontdesk-client-edit-address'), {target: {value: 'Długa 5, Gdańsk'}});
        fireEvent.click(screen.getByTestId('frontdesk-client-edit-save'));

        await waitFor(() => expect(screen.queryByTestId('frontdesk-client-edit-form')).not.toBeInTheDocument());
        expect(screen.getByTestId('frontdesk-client-address')).toHaveTextContent('Długa 5, Gdańsk');
        expect(screen.getByTestId('frontdesk-client-phones')).toHaveTextContent('+48500100200, +48221112233');
        const [, init] = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/clients/cl1'))!;
        expect(init?.method).toBe('PATCH');
        expect(bodyOf(init!)).toEqual({phones: ['+48500100200', '+48221112233'], address: 'Długa 5, Gdańsk'});
        // Then the card is loaded again.
        await waitFor(() => expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(2));
    });

    test('keeps the edit form and says why when the server refuses it', async () => {
        await openCard({
            'GET /conversations/c1/client': ok(linkedCard()),
            'PATCH /clients/cl1': () => jsonResponse(400, {error: 'invalid_phone', message: 'The phone "12" is not a phone number.'}),
        });
        fireEvent.click(await screen.findByTestId('frontdesk-client-edit'));
        fireEvent.change(screen.getByTestId('frontdesk-client-edit-phones'), {target: {value: '12'}});

        fireEvent.click(screen.getByTestId('frontdesk-client-edit-save'));

        expect(await screen.findByTestId('frontdesk-client-edit-error')).toHaveTextContent('That did not work: The phone "12" is not a phone number.');
        expect(screen.getByTestId('frontdesk-client-edit-phones')).toHaveValue('12');
        expect(screen.getByTestId('frontdesk-client-edit-save')).toBeEnabled();
        expect(screen.queryByTestId('frontdesk-client-name')).not.toBeInTheDocument();
    });

    test('Cancel and Escape close the edit form without saving, as does Save with nothing changed', async () => {
        const fetchMock = await openCard({'GET /conversations/c1/client': ok(linkedCard())});
        fireEvent.click(await screen.findByTestId('frontdesk-client-edit'));
        fireEvent.change(screen.getByTestId('frontdesk-client-edit-name'), {target: {value: 'Someone else'}});

        fireEvent.click(screen.getByTestId('frontdesk-client-edit-cancel'));
        expect(screen.queryByTestId('frontdesk-client-edit-form')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-client-name')).toHaveTextContent('Anna Nowak');

        fireEvent.click(screen.getByTestId('frontdesk-client-edit'));
        expect(screen.getByTestId('frontdesk-client-edit-name')).toHaveValue('Anna Nowak');
        fireEvent.keyDown(screen.getByTestId('frontdesk-client-edit-address'), {key: 'Escape'});
        expect(screen.queryByTestId('frontdesk-client-edit-form')).not.toBeInTheDocument();

        fireEvent.click(screen.getByTestId('frontdesk-client-edit'));
        fireEvent.click(screen.getByTestId('frontdesk-client-edit-save'));
        expect(screen.queryByTestId('frontdesk-client-edit-form')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'PATCH /clients/cl1')).toHaveLength(0);
    });

    test('hovering a client\'s phone shows the phone card of that number, whose Write opens the mini chat', async () => {
        const other = conv('c5', {kind: 'sms', connection_name: 'Shop SMS', customer: {id: 'x5', name: 'Anna', phone: '+48221112233'}});
        const fetchMock = routeFetch({
            'GET /conversations': (q) => jsonResponse(200, q.get('phone') === '+48221112233' ? [other] : [conv('c1')]),
            'GET /conversations/c1/client': ok(linkedCard({client: client('cl1', {phones: ['+48 500 100 200', '+48 22 111 22 33']})})),
            'GET /clients': ok([client('cl1')]),
            'GET /clients/cl1/documents': ok([]),
        });
        const miniChat = createMiniChat();
        renderInHost(<MiniChatContext.Provider value={miniChat}><ChatList/></MiniChatContext.Provider>);
        fireEvent.click(await screen.findByTestId('frontdesk-chat-client'));
        const phones = await screen.findAllByTestId('frontdesk-phone-hover');
        expect(phones.map((p) => p.dataset.phone)).toEqual(['+48500100200', '+48221112233']);

        fireEvent.mouseEnter(phones[1]);

        const phoneCard = await within(phones[1]).findByTestId('frontdesk-phone-card');
        expect(phoneCard).toHaveAttribute('data-phone', '+48221112233');
        expect(within(phones[1]).getByRole('link')).toHaveAttribute('aria-describedby');
        expect(await within(phoneCard).findByTestId('frontdesk-phone-client-name')).toHaveTextContent('Anna Nowak');
        const chat = await within(phoneCard).findByTestId('frontdesk-phone-chat');
        expect(chat).toHaveAttribute('data-conversation-id', 'c5');
        expect(callsTo(fetchMock, 'GET /clients')[0].get('q')).toBe('+48221112233');
        expect(screen.queryAllByTestId('frontdesk-phone-card')).toHaveLength(1);

        fireEvent.click(within(chat).getByTestId('frontdesk-phone-write'));
        expect(miniChat.current()).toEqual({kind: 'chat', conversation: other});

        fireEvent.mouseLeave(phones[1]);
        await waitFor(() => expect(screen.queryByTestId('frontdesk-phone-card')).not.toBeInTheDocument());
    });

    test('focusing a client\'s phone shows its phone card and Escape hides it', async () => {
        await openCard({
            'GET /conversations/c1/client': ok(linkedCard()),
            'GET /clients': ok([]),
        });
        const link = within(await screen.findByTestId('frontdesk-client-phones')).getByRole('link');

        fireEvent.focus(link);

        expect(await screen.findByTestId('frontdesk-phone-card')).toHaveAttribute('data-phone', '+48500100200');
        fireEvent.keyDown(link, {key: 'Escape'});
        expect(screen.queryByTestId('frontdesk-phone-card')).not.toBeInTheDocument();
    });

    test('Unlink deletes the link and shows the picker again', async () => {
        const fetchMock = await openCard({
            'GET /conversations/c1/client': ok(linkedCard()),
            'DELETE /conversations/c1/link': ok(unlinkedCard({candidates: [client('cl1')]})),
        });
        const unlink = await screen.findByTestId('frontdesk-client-unlink');
        expect(unlink).toHaveAttribute('title', 'Unlink this chat from Anna Nowak');

        fireEvent.click(unlink);

        await waitFor(() => expect(card()).toHaveAttribute('data-state', 'unlinked'));
        expect(screen.getAllByTestId('frontdesk-client-candidate')).toHaveLength(1);
        expect(callsTo(fetchMock, 'DELETE /conversations/c1/link')).toHaveLength(1);
    });

    test('shows why the card could not load and loads again on retry', async () => {
        const routes: Record<string, Route> = {
            'GET /conversations/c1/client': () => jsonResponse(502, {error: 'helpdesk_unavailable', message: 'The helpdesk did not answer.'}),
        };
        await openCard(routes);

        expect(await screen.findByTestId('frontdesk-client-error-message')).toHaveTextContent(
            'Could not load the client: The helpdesk did not answer.',
        );
        routes['GET /conversations/c1/client'] = ok(linkedCard());
        fireEvent.click(screen.getByTestId('frontdesk-client-retry'));

        expect(await screen.findByTestId('frontdesk-client-name')).toHaveTextContent('Anna Nowak');
        expect(screen.queryByTestId('frontdesk-client-error')).not.toBeInTheDocument();
    });

    test('reloads the open card when the server says the client changed, and keeps it when that fails', async () => {
        const changes = createChanges(5);
        const routes: Record<string, Route> = {'GET /conversations/c1/client': ok(linkedCard())};
        const fetchMock = await openCard(routes, {changes});
        expect(await screen.findByTestId('frontdesk-client-documents-empty')).toBeInTheDocument();

        routes['GET /conversations/c1/client'] = ok(linkedCard({documents: [doc('d5', {number: 'ZL-5'})]}));
        act(() => changes.notify());
        await waitFor(() => expect(screen.getAllByTestId('frontdesk-client-document')).toHaveLength(1));

        routes['GET /conversations/c1/client'] = () => Promise.reject(new TypeError('Failed to fetch'));
        act(() => changes.notify());
        expect(await screen.findByTestId('frontdesk-client-stale')).toHaveTextContent(
            'Could not refresh the client: the server could not be reached',
        );
        expect(screen.getAllByTestId('frontdesk-client-document')).toHaveLength(1);
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(3);
        // The chats themselves were not reloaded for it.
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(1);
    });
});
