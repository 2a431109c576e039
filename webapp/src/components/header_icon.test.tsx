import {act, screen, waitFor} from '@testing-library/react';
import React from 'react';

import {callsTo, jsonResponse, routeFetch, routeKey, type Route} from '../../tests/fetch';
import {renderInHost, siteURL} from '../../tests/render';
import {createChanges} from '../changes';
import {watchAppBar} from '../app_bar';
import {createChatInfo} from '../chat_info';
import {createIndicators, forUsersOfChats} from '../indicators';

import HeaderIcon from './header_icon';
import RhsTitle from './rhs/rhs_title';

const ok = (body: unknown): Route => () => jsonResponse(200, body);

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('the red indicator', () => {
    test('shows the attention count, which counts a chat both unread and unanswered once', async () => {
        const fetchMock = routeFetch({'GET /indicators': ok({unread: 2, unanswered: 3, attention: 4})});

        renderInHost(<HeaderIcon/>);

        const badge = await screen.findByTestId('frontdesk-badge');
        expect(badge).toHaveTextContent('4');
        expect(badge).toHaveAttribute('data-count', '4');
        expect(badge).toHaveAccessibleName('4 chats need an answer');
        expect(screen.getByTestId('frontdesk-header-icon')).toBeInTheDocument();
        expect(fetchMock.mock.calls.map(([input, init]) => routeKey(String(input), init))).toEqual(['GET /indicators']);
    });

    test('uses the singular for one chat and caps the text at 99+', async () => {
        const routes: Record<string, Route> = {'GET /indicators': ok({unread: 1, unanswered: 1, attention: 1})};
        routeFetch(routes);
        const {unmount} = renderInHost(<HeaderIcon/>);
        expect(await screen.findByTestId('frontdesk-badge')).toHaveAccessibleName('1 chat needs an answer');
        unmount();

        routes['GET /indicators'] = ok({unread: 0, unanswered: 120, attention: 120});
        renderInHost(<HeaderIcon/>);

        const badge = await screen.findByTestId('frontdesk-badge');
        expect(badge).toHaveTextContent('99+');
        expect(badge).toHaveAttribute('data-count', '120');
    });

    test('shows no badge when every chat is answered and read', async () => {
        const fetchMock = routeFetch({'GET /indicators': ok({unread: 0, unanswered: 0, attention: 0})});

        renderInHost(<HeaderIcon/>);

        await waitFor(() => expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(1));
        expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument();
    });

    test('follows server changes in the header and the sidebar title alike, one call per change', async () => {
        const changes = createChanges(5);
        const indicators = createIndicators(changes);
        const routes: Record<string, Route> = {'GET /indicators': ok({unread: 0, unanswered: 1, attention: 1})};
        const fetchMock = routeFetch(routes);

        renderInHost(
            <>
                <HeaderIcon/>
                <RhsTitle/>
            </>,
            {changes, indicators},
        );
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('1');
        expect(await screen.findByTestId('frontdesk-title-count')).toHaveTextContent('1');
        expect(screen.getByText('Frontdesk')).toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(1);

        routes['GET /indicators'] = ok({unread: 1, unanswered: 2, attention: 2});
        act(() => {
            changes.notify();
            changes.notify();
        });
        await waitFor(() => expect(screen.getByTestId('frontdesk-badge')).toHaveTextContent('2'));
        expect(screen.getByTestId('frontdesk-title-count')).toHaveTextContent('2');
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(2);

        routes['GET /indicators'] = ok({unread: 0, unanswered: 0, attention: 0});
        act(() => changes.notify());
        await waitFor(() => expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument());
        expect(screen.queryByTestId('frontdesk-title-count')).not.toBeInTheDocument();
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(3);
    });

    test('a sidebar title opened later shows the header\'s count without asking again', async () => {
        const changes = createChanges(5);
        const indicators = createIndicators(changes);
        const fetchMock = routeFetch({'GET /indicators': ok({unread: 3, unanswered: 0, attention: 3})});

        renderInHost(<HeaderIcon/>, {changes, indicators});
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('3');

        // The web app draws the sidebar's title in another part of the page.
        renderInHost(<RhsTitle/>, {changes, indicators});

        expect(screen.getByTestId('frontdesk-title-count')).toHaveTextContent('3');
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(1);
    });

    test('keeps the last count when a reload fails', async () => {
        const changes = createChanges(5);
        const routes: Record<string, Route> = {'GET /indicators': ok({unread: 1, unanswered: 1, attention: 1})};
        const fetchMock = routeFetch(routes);

        renderInHost(<HeaderIcon/>, {changes, indicators: createIndicators(changes)});
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('1');

        routes['GET /indicators'] = () => jsonResponse(500, {error: 'internal', message: 'down'});
        act(() => changes.notify());

        await waitFor(() => expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(2));
        // Let the failed answer settle before looking.
        await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
        expect(screen.getByTestId('frontdesk-badge')).toHaveTextContent('1');
    });

    test('a user who may not use chats (GET /me) gets no count on the badge or the App Bar icon', async () => {
        const changes = createChanges(5);
        const chatInfo = createChatInfo();
        const indicators = createIndicators(changes, forUsersOfChats(chatInfo));
        const fetchMock = routeFetch({
            'GET /me': ok({may_use_chats: false, is_admin: false, max_length: 1000}),
            'GET /indicators': ok({unread: 3, unanswered: 4, attention: 4}),
        });
        const appBar = vi.fn();

        const stop = watchAppBar(indicators, siteURL, appBar);
        renderInHost(<HeaderIcon/>, {changes, indicators, chatInfo});
        await waitFor(() => expect(indicators.current()).not.toBeNull());
        act(() => changes.notify());
        await act(() => new Promise((resolve) => setTimeout(resolve, 20)));

        expect(indicators.current()).toEqual({unread: 0, unanswered: 0, attention: 0});
        expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument();
        expect(appBar.mock.calls.map(([, count]) => count)).toEqual([0]);
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(0);
        expect(callsTo(fetchMock, 'GET /me')).toHaveLength(1);
        stop();
    });

    test('a user who may use chats gets the count through the same gate', async () => {
        const changes = createChanges(5);
        const chatInfo = createChatInfo();
        routeFetch({
            'GET /me': ok({may_use_chats: true, is_admin: false, max_length: 1000}),
            'GET /indicators': ok({unread: 3, unanswered: 4, attention: 4}),
        });

        renderInHost(<HeaderIcon/>, {changes, indicators: createIndicators(changes, forUsersOfChats(chatInfo)), chatInfo});

        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('4');
    });
});
