import '@testing-library/jest-dom/vitest';
import {act, cleanup, fireEvent, screen, waitFor} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost, siteURL} from '../../../tests/render';
import {createChatInfo, type ChatInfo} from '../../chat_info';
import type {Client, Conversation} from '../../client/types';
import {createMiniChat, MiniChatContext, type MiniChat} from '../../mini_chat_store';

import PhoneLinkTooltip, {telNumber} from './phone_card';

const anna: Client = {
    id: 'cl1', name: 'Anna Nowak', phones: ['+48 601 234 567'], emails: [], handles: [], address: '', notes: '', url: '',
};

const smsChat: Conversation = {
    id: 'c1',
    connection_id: 'conn1',
    kind: 'sms',
    connection_name: 'Shop SMS',
    account_name: '',
    root_post_id: 'root1',
    status: 'active',
    customer: {id: '+48601234567', name: 'Anna Nowak', phone: '+48601234567'},
    last_customer_at: Date.UTC(2025, 4, 5, 10, 0),
    last_message_at: Date.UTC(2025, 4, 5, 10, 0),
    unread: false,
    unanswered: false,
    pruned_count: 0,
};

const ok = (body: unknown): Route => () => jsonResponse(200, body);

function renderCard(routes: Record<string, Route>, href = 'tel:+48601234567', chatInfo?: ChatInfo): {miniChat: MiniChat; fetchMock: ReturnType<typeof routeFetch>} {
    const fetchMock = routeFetch(routes);
    const miniChat = createMiniChat();
    renderInHost(
        <MiniChatContext.Provider value={miniChat}>
            <PhoneLinkTooltip href={href}/>
        </MiniChatContext.Provider>,
        {chatInfo},
    );
    return {miniChat, fetchMock};
}

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('PhoneLinkTooltip', () => {
    test('names the client with the number, counts their documents and lists the chats with Write', async () => {
        const {miniChat, fetchMock} = renderCard({
            'GET /clients': ok([anna]),
            'GET /clients/cl1/documents': ok([{id: 'd1'}, {id: 'd2'}]),
            'GET /conversations': ok([smsChat, {...smsChat, id: 'c2', kind: 'whatsapp', connection_name: 'Shop WhatsApp', status: 'archived', opted_out_at: 5}]),
        });

        const card = screen.getByTestId('frontdesk-phone-card');
        expect(card).toHaveAttribute('aria-label', 'Phone card of +48601234567');
        expect(screen.getByTestId('frontdesk-phone-clients-loading')).toHaveTextContent('Loading…');

        expect(await screen.findByTestId('frontdesk-phone-client-name')).toHaveTextContent('Anna Nowak');
        expect(screen.getByTestId('frontdesk-phone-client-phones')).toHaveTextContent('+48 601 234 567');
        expect(screen.getByTestId('frontdesk-phone-client-documents')).toHaveTextContent('2 documents');

        const chats = await screen.findAllByTestId('frontdesk-phone-chat');
        expect(chats).toHaveLength(2);
        expect(chats[0]).toHaveTextContent('SMS · Shop SMS');
        expect(chats[0]).toHaveTextContent('Last message May 5');
        expect(chats[1]).toHaveTextContent('WhatsApp · Shop WhatsApp');
        expect(chats[1]).toHaveTextContent('archived');
        expect(screen.getByTestId('frontdesk-phone-chat-opted-out')).toHaveTextContent('Blocked the bot');
        expect(screen.queryByTestId('frontdesk-phone-new-chat')).not.toBeInTheDocument();

        expect(callsTo(fetchMock, 'GET /clients')[0].get('q')).toBe('+48601234567');
        const listed = callsTo(fetchMock, 'GET /conversations')[0];
        expect(listed.get('phone')).toBe('+48601234567');
        expect(listed.get('status')).toBe('all');

        fireEvent.click(screen.getAllByTestId('frontdesk-phone-write')[0]);
        expect(miniChat.current()).toEqual({kind: 'chat', conversation: smsChat});
    });

    test('with no client and no chat, says so and offers + Chat', async () => {
        const {miniChat} = renderCard({
            'GET /clients': ok([]),
            'GET /conversations': ok([]),
        }, 'tel:+1%20555%20000%201234');

        expect(await screen.findByTestId('frontdesk-phone-no-client')).toHaveTextContent('No client has this number');
        expect(await screen.findByTestId('frontdesk-phone-no-chats')).toHaveTextContent('No chats with this number yet');
        const start = screen.getByTestId('frontdesk-phone-new-chat');
        expect(start).toHaveTextContent('+ Chat');
        expect(start).toHaveAttribute('title', 'Start a chat with +15550001234');

        fireEvent.click(start);
        expect(miniChat.current()).toEqual({kind: 'start', phone: '+15550001234'});
    });

    test('offers + Chat once GET /me allows it, and not to a user who may not use chats', async () => {
        const routes = {
            'GET /clients': ok([]),
            'GET /conversations': ok([]),
            'GET /me': ok({may_use_chats: true, is_admin: false, max_length: 1000}),
        };
        renderCard(routes, 'tel:+48601234567', createChatInfo());
        expect(await screen.findByTestId('frontdesk-phone-new-chat')).toHaveTextContent('+ Chat');
        cleanup();

        const chatInfo = createChatInfo();
        const {fetchMock} = renderCard({...routes, 'GET /me': ok({may_use_chats: false, is_admin: false, max_length: 1000})}, 'tel:+48601234567', chatInfo);
        expect(await screen.findByTestId('frontdesk-phone-no-chats')).toBeInTheDocument();
        await act(() => chatInfo.me(siteURL));
        expect(callsTo(fetchMock, 'GET /me')).toHaveLength(1);
        expect(screen.queryByTestId('frontdesk-phone-new-chat')).not.toBeInTheDocument();
    });

    test('a failed part shows its reason and the other part still shows', async () => {
        renderCard({
            'GET /clients': () => jsonResponse(503, {error: 'internal', message: 'The helpdesk is not answering.'}),
            'GET /conversations': ok([smsChat]),
        });

        expect(await screen.findByTestId('frontdesk-phone-clients-error')).toHaveTextContent('Could not look up clients: The helpdesk is not answering.');
        expect(await screen.findByTestId('frontdesk-phone-chat')).toBeInTheDocument();
    });

    test('a failed chat list shows its reason', async () => {
        renderCard({
            'GET /clients': ok([anna]),
            'GET /clients/cl1/documents': () => jsonResponse(500, {error: 'internal', message: 'boom'}),
            'GET /conversations': () => jsonResponse(500, {error: 'internal', message: 'Database unavailable.'}),
        });

        expect(await screen.findByTestId('frontdesk-phone-chats-error')).toHaveTextContent('Could not load chats: Database unavailable.');
        // The client still shows, without a count it could not get.
        expect(await screen.findByTestId('frontdesk-phone-client-name')).toHaveTextContent('Anna Nowak');
        expect(screen.queryByTestId('frontdesk-phone-client-documents')).not.toBeInTheDocument();
    });

    test.each([
        ['https://example.com', true],
        ['mailto:anna@example.com', true],
        ['tel:+48601234567', false],
    ])('%s shows no card: %s', (href, none) => {
        routeFetch({'GET /clients': ok([]), 'GET /conversations': ok([])});
        renderInHost(<PhoneLinkTooltip href={href}/>);
        expect(screen.queryByTestId('frontdesk-phone-card') === null).toBe(none);
    });

    test('a hidden tooltip loads nothing', async () => {
        const fetchMock = routeFetch({});
        renderInHost(
            <PhoneLinkTooltip
                href='tel:+48601234567'
                show={false}
            />,
        );
        expect(screen.queryByTestId('frontdesk-phone-card')).not.toBeInTheDocument();
        await waitFor(() => expect(fetchMock).not.toHaveBeenCalled());
    });

    test.each([
        ['tel:+48601234567', '+48601234567'],
        ['tel:+1%20(555)%20000-1234', '+15550001234'],
        ['TEL:+48 601 234 567', '+48601234567'],
        ['tel:601234567', ''],
        ['tel:+123', ''],
        ['tel:+%E0%A4%A', ''],
    ])('reads %s as %j', (href, want) => {
        expect(telNumber(href)).toBe(want);
    });
});
