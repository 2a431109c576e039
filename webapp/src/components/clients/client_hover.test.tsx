import {fireEvent, screen, waitFor} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import type {ClientCard, Conversation} from '../../client/types';
import ChatList from '../chats/chat_list';
import {HOVER_OPEN_MS} from '../use_hover_intent';

const chat: Conversation = {
    id: 'c1',
    connection_id: 'conn1',
    kind: 'sms',
    connection_name: 'Shop SMS',
    account_name: '+48 600 000 000',
    root_post_id: 'root-c1',
    status: 'active',
    customer: {id: 'x1', name: 'Anna Nowak', phone: '+48500100200'},
    last_customer_at: 1,
    last_message_at: 1,
    unread: false,
    unanswered: false,
    pruned_count: 0,
};

const linked: ClientCard = {
    helpdesk: 'builtin',
    linked: true,
    client: {
        id: 'cl1', name: 'Anna Nowak-Kowalska', phones: ['+48 500 100 200', '+48 22 111 22 33'], emails: [],
        handles: [], address: '', notes: '', url: '',
    },
    documents: [
        {id: 'd2', kind: 'order', number: 'ZL-12', date: Date.UTC(2025, 4, 5), status: 'Ready', amount: '', currency: '', url: ''},
        {id: 'd1', kind: 'estimate', number: 'WY-3', date: Date.UTC(2025, 3, 1), status: '', amount: '', currency: '', url: ''},
    ],
    chats: [],
};

const ok = (body: unknown): Route => () => jsonResponse(200, body);

async function renderChat(card: Route) {
    const fetchMock = routeFetch({
        'GET /conversations': ok([chat]),
        'GET /conversations/c1/client': card,
    });
    renderInHost(<ChatList/>);
    await screen.findByTestId('frontdesk-chat-name');
    return fetchMock;
}

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('ClientHover', () => {
    test('hovering the name shows the linked client, phone, document count and the latest, loaded once', async () => {
        const fetchMock = await renderChat(ok(linked));
        const name = screen.getByTestId('frontdesk-chat-name');

        fireEvent.mouseEnter(name);

        const hover = await screen.findByTestId('frontdesk-client-hover');
        expect(hover).toHaveAttribute('role', 'tooltip');
        expect(screen.getByTestId('frontdesk-chat-open')).toHaveAttribute('aria-describedby', hover.id);
        await waitFor(() => expect(screen.getByTestId('frontdesk-client-hover-name')).toHaveTextContent('Anna Nowak-Kowalska'));
        expect(screen.getByTestId('frontdesk-client-hover-phone')).toHaveTextContent('+48 500 100 200');
        expect(screen.getByTestId('frontdesk-client-hover-documents')).toHaveTextContent('2 documents');
        expect(screen.getByTestId('frontdesk-client-hover-latest')).toHaveTextContent('Latest: Order ZL-12 · May 5, 2025 · Ready');

        fireEvent.mouseLeave(name);
        await waitFor(() => expect(screen.queryByTestId('frontdesk-client-hover')).not.toBeInTheDocument());
        expect(screen.getByTestId('frontdesk-chat-open')).not.toHaveAttribute('aria-describedby');

        // Seen again: the card already loaded shows at once, and opening the full card reuses it.
        fireEvent.mouseEnter(name);
        expect(await screen.findByTestId('frontdesk-client-hover-name')).toHaveTextContent('Anna Nowak-Kowalska');
        fireEvent.click(screen.getByTestId('frontdesk-chat-client'));
        expect(screen.queryByTestId('frontdesk-client-hover')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-client-name')).toHaveTextContent('Anna Nowak-Kowalska');
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(1);
    });

    test('a pointer passing over the name loads nothing', async () => {
        const fetchMock = await renderChat(ok(linked));
        const name = screen.getByTestId('frontdesk-chat-name');

        fireEvent.mouseEnter(name);
        fireEvent.mouseLeave(name);
        await new Promise((resolve) => setTimeout(resolve, HOVER_OPEN_MS + 100));

        expect(screen.queryByTestId('frontdesk-client-hover')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(0);
    });

    test('focusing the chat shows it for keyboard users and Escape hides it', async () => {
        await renderChat(ok({...linked, documents: []}));
        const open = screen.getByTestId('frontdesk-chat-open');

        fireEvent.focus(open);

        expect(await screen.findByTestId('frontdesk-client-hover-documents')).toHaveTextContent('No documents yet');
        expect(screen.queryByTestId('frontdesk-client-hover-latest')).not.toBeInTheDocument();
        fireEvent.keyDown(open, {key: 'Escape'});
        expect(screen.queryByTestId('frontdesk-client-hover')).not.toBeInTheDocument();
    });

    test('says when the chat has no client yet', async () => {
        const fetchMock = await renderChat(ok({...linked, linked: false, client: null, documents: [], candidates: []}));
        const name = screen.getByTestId('frontdesk-chat-name');

        fireEvent.mouseEnter(name);
        expect(await screen.findByTestId('frontdesk-client-hover-unlinked')).toHaveTextContent('This chat is not linked to a client yet.');
        fireEvent.mouseLeave(name);
        await waitFor(() => expect(screen.queryByTestId('frontdesk-client-hover')).not.toBeInTheDocument());
        expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(1);
    });

    test('says why the client could not load', async () => {
        await renderChat(() => jsonResponse(403, {error: 'forbidden', message: 'You cannot see this chat.'}));

        fireEvent.mouseEnter(screen.getByTestId('frontdesk-chat-name'));

        expect(await screen.findByTestId('frontdesk-client-hover-error')).toHaveTextContent('Could not load the client: You cannot see this chat.');
    });
});
