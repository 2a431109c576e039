import {fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import type {Connection, Conversation} from '../../client/types';
import {createListEvents} from '../../list_events';

import NewChat from './new_chat';

const connections: Connection[] = [
    {id: 'sms1', kind: 'sms', name: 'Shop SMS', channel_id: 'ch1', account_name: '+48 22 000 00 00', sync_lost: false},
    {id: 'wa1', kind: 'whatsapp', name: 'Shop WhatsApp', channel_id: 'ch1', account_name: '+48 22 111 11 11', sync_lost: false},
    {id: 'tg1', kind: 'telegram', name: 'Shop bot', channel_id: 'ch1', account_name: 'shop_bot', sync_lost: true},
];

function conv(id: string, over: Partial<Conversation> = {}): Conversation {
    return {
        id, connection_id: 'sms1', kind: 'sms', connection_name: 'Shop SMS', account_name: '', root_post_id: `root-${id}`,
        status: 'active', customer: {id: '+48601234567', name: '', phone: '+48601234567'},
        last_customer_at: 0, last_message_at: 1, unread: false, unanswered: false, pruned_count: 0, ...over,
    };
}

function bodies(fetchMock: ReturnType<typeof routeFetch>) {
    return fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST').map(([, init]) => JSON.parse(String(init?.body)));
}

afterEach(() => {
    vi.unstubAllGlobals();
    delete window.WebappUtils;
});

describe('+ Chat in the sidebar', () => {
    test('offers only the connections that can send now, with each provider\'s rule, and starts an SMS chat', async () => {
        const fetchMock = routeFetch({
            'GET /connections': () => jsonResponse(200, connections),
            'POST /conversations': () => jsonResponse(201, conv('new1')),
        });
        const listEvents = createListEvents(5);
        const told: string[] = [];
        listEvents.subscribe((e) => e.kind === 'conversations' && told.push(...e.ids));
        const push = vi.fn();
        window.WebappUtils = {browserHistory: {push}};
        renderInHost(<NewChat onClose={vi.fn()}/>, {listEvents});

        const select = await screen.findByTestId('frontdesk-newchat-connection');
        expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['SMS · +48 22 000 00 00', 'WhatsApp · +48 22 111 11 11']);
        expect(screen.getByTestId('frontdesk-newchat-rule')).toHaveTextContent('SMS: any phone number, any time.');
        fireEvent.change(select, {target: {value: 'wa1'}});
        expect(screen.getByTestId('frontdesk-newchat-rule')).toHaveTextContent('WhatsApp: free text only within 24 hours');
        fireEvent.change(select, {target: {value: 'sms1'}});

        expect(screen.getByTestId('frontdesk-newchat-send')).toBeDisabled();
        fireEvent.change(screen.getByTestId('frontdesk-newchat-customer'), {target: {value: '+48 601 234 567'}});
        fireEvent.change(screen.getByTestId('frontdesk-newchat-text'), {target: {value: 'Your laptop is ready'}});
        fireEvent.click(screen.getByTestId('frontdesk-newchat-send'));

        expect(await screen.findByTestId('frontdesk-newchat-started')).toHaveTextContent('Chat with +48601234567 started.');
        expect(bodies(fetchMock)).toEqual([{connection_id: 'sms1', customer_id: '+48 601 234 567', text: 'Your laptop is ready'}]);
        await waitFor(() => expect(told).toEqual(['new1']));
        fireEvent.click(screen.getByTestId('frontdesk-newchat-open'));
        expect(push).toHaveBeenCalledWith('/repair-shop/pl/root-new1');
    });

    test('shows WhatsApp\'s refusal of free text and offers its templates, which start the chat', async () => {
        const routes: Record<string, Route> = {
            'GET /connections': () => jsonResponse(200, connections),
            'POST /conversations': (_q, init) => (JSON.parse(String(init.body)).template ?
                jsonResponse(201, conv('new2', {kind: 'whatsapp', connection_id: 'wa1'})) :
                jsonResponse(409, {error: 'not_allowed', message: 'WhatsApp allows free-form replies only within 24 hours of the customer\'s last message.'})),
            'GET /connections/wa1/templates': () => jsonResponse(200, [{name: 'order_ready', language: 'pl', category: 'UTILITY', status: 'APPROVED', body: 'Dzień dobry {{1}}', parameters: 1}]),
        };
        const fetchMock = routeFetch(routes);
        renderInHost(<NewChat onClose={vi.fn()}/>);
        fireEvent.change(await screen.findByTestId('frontdesk-newchat-connection'), {target: {value: 'wa1'}});
        fireEvent.change(screen.getByTestId('frontdesk-newchat-customer'), {target: {value: '+48601234567'}});
        fireEvent.change(screen.getByTestId('frontdesk-newchat-text'), {target: {value: 'Hello'}});
        fireEvent.click(screen.getByTestId('frontdesk-newchat-send'));

        expect(await screen.findByTestId('frontdesk-newchat-failed')).toHaveTextContent('The chat was not started: WhatsApp allows free-form replies only within 24 hours');
        fireEvent.change(await screen.findByTestId('frontdesk-template-param'), {target: {value: 'Ola'}});
        fireEvent.click(screen.getByTestId('frontdesk-newchat-send'));
        await screen.findByTestId('frontdesk-newchat-started');
        expect(bodies(fetchMock)).toEqual([
            {connection_id: 'wa1', customer_id: '+48601234567', text: 'Hello'},
            {connection_id: 'wa1', customer_id: '+48601234567', template: 'order_ready', language: 'pl', parameters: ['Ola']},
        ]);
    });

    test('a known customer: picked from the user\'s chats by name, with that chat\'s connection and customer id', async () => {
        const fetchMock = routeFetch({
            'GET /connections': () => jsonResponse(200, connections),
            'GET /conversations': (q) => jsonResponse(200, q.get('q') === 'anna' ? [conv('c1', {customer: {id: '+48601234567', name: 'Anna Nowak', phone: '+48601234567'}})] : []),
            'POST /conversations': () => jsonResponse(201, conv('c1')),
        });
        renderInHost(<NewChat onClose={vi.fn()}/>);
        fireEvent.change(await screen.findByTestId('frontdesk-newchat-customer'), {target: {value: 'anna'}});
        fireEvent.click(await screen.findByTestId('frontdesk-newchat-known-customer', {}, {timeout: 2000}));
        expect(screen.getByTestId('frontdesk-newchat-customer')).toHaveValue('Anna Nowak');
        expect(Object.fromEntries(callsTo(fetchMock, 'GET /conversations')[0])).toMatchObject({status: 'all', q: 'anna'});
        fireEvent.change(screen.getByTestId('frontdesk-newchat-text'), {target: {value: 'We found your charger'}});
        fireEvent.click(screen.getByTestId('frontdesk-newchat-send'));
        await screen.findByTestId('frontdesk-newchat-started');
        expect(bodies(fetchMock)).toEqual([{connection_id: 'sms1', customer_id: '+48601234567', text: 'We found your charger'}]);
    });

    test('says what to do when no connection can send', async () => {
        routeFetch({'GET /connections': () => jsonResponse(200, [connections[2]])});
        renderInHost(<NewChat onClose={vi.fn()}/>);
        expect(await screen.findByTestId('frontdesk-newchat-none')).toHaveTextContent('An admin connects providers in System Console');
    });
});
