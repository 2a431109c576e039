import {act, screen, waitFor} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, type Route} from '../../tests/fetch';
import {renderInHost} from '../../tests/render';
import {createChanges} from '../changes';
import type {Conversation} from '../client/types';

import HeaderIcon from './header_icon';
import RhsTitle from './rhs/rhs_title';

const ok = (body: unknown): Route => () => jsonResponse(200, body);

function conv(id: string, unanswered: boolean): Partial<Conversation> {
    return {id, status: 'active', unread: true, unanswered};
}

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('the red indicator', () => {
    test('counts a chat that is both unread and unanswered once', async () => {
        const fetchMock = routeFetch({
            'GET /indicators': ok({unread: 1, unanswered: 1}),
            'GET /conversations': ok([conv('c1', true)]),
        });

        renderInHost(<HeaderIcon/>);

        const badge = await screen.findByTestId('frontdesk-badge');
        expect(badge).toHaveTextContent('1');
        expect(badge).toHaveAttribute('data-count', '1');
        expect(badge).toHaveAccessibleName('1 chat needs an answer');
        expect(screen.getByTestId('frontdesk-header-icon')).toBeInTheDocument();
        const [q] = callsTo(fetchMock, 'GET /conversations');
        expect(Object.fromEntries(q)).toEqual({status: 'active', unread: 'true', page: '0', per_page: '100'});
    });

    test('adds unread chats that were already answered to the unanswered ones', async () => {
        routeFetch({
            'GET /indicators': ok({unread: 2, unanswered: 3}),
            'GET /conversations': ok([conv('c1', true), conv('c2', false)]),
        });

        renderInHost(<HeaderIcon/>);

        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('4');
    });

    test('needs no list when nothing is unread, and caps the text at 99+', async () => {
        const fetchMock = routeFetch({'GET /indicators': ok({unread: 0, unanswered: 120})});

        renderInHost(<HeaderIcon/>);

        const badge = await screen.findByTestId('frontdesk-badge');
        expect(badge).toHaveTextContent('99+');
        expect(badge).toHaveAttribute('data-count', '120');
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(0);
    });

    test('shows no badge when every chat is answered and read', async () => {
        const fetchMock = routeFetch({'GET /indicators': ok({unread: 0, unanswered: 0})});

        renderInHost(<HeaderIcon/>);

        await waitFor(() => expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(1));
        expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument();
    });

    test('follows server changes, in the header and the sidebar title alike', async () => {
        const changes = createChanges(5);
        const routes: Record<string, Route> = {'GET /indicators': ok({unread: 0, unanswered: 1})};
        routeFetch(routes);

        renderInHost(
            <>
                <HeaderIcon/>
                <RhsTitle/>
            </>,
            {changes},
        );
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('1');
        expect(await screen.findByTestId('frontdesk-title-count')).toHaveTextContent('1');
        expect(screen.getByText('Frontdesk')).toBeInTheDocument();

        routes['GET /indicators'] = ok({unread: 0, unanswered: 2});
        act(() => changes.notify());
        await waitFor(() => expect(screen.getByTestId('frontdesk-badge')).toHaveTextContent('2'));
        expect(screen.getByTestId('frontdesk-title-count')).toHaveTextContent('2');

        routes['GET /indicators'] = ok({unread: 0, unanswered: 0});
        act(() => changes.notify());
        await waitFor(() => expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument());
    });
});
