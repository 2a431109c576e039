import {fireEvent, screen} from '@testing-library/react';
import React from 'react';

import {callsTo, deferred, jsonResponse, requestOf, routeFetch} from '../../../tests/fetch';
import {renderInHost, siteURL} from '../../../tests/render';
import type {Status} from '../../client/types';

import FrontdeskPanel from './frontdesk_panel';

const status: Status = {
    version: '0.1.0',
    user_id: 'u1a2b3c4d5e6f7g8h9i0j1k2l3',
    username: 'alice',
    connections: 2,
    can_use_chats: true,
};

// The panel's chat list, answered as for a desk with no chats yet.
const quiet = {
    'GET /conversations': () => jsonResponse(200, []),
};

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('FrontdeskPanel', () => {
    test('shows a loading state until GET /status answers, then the status', async () => {
        const fetchMock = routeFetch(quiet);
        const answer = deferred<Response>();
        fetchMock.mockReturnValueOnce(answer.promise);

        renderInHost(<FrontdeskPanel/>);

        expect(screen.getByTestId('frontdesk-status-loading')).toHaveTextContent('Loading Frontdesk…');
        expect(fetchMock).toHaveBeenCalledTimes(1);
        const {url, init} = requestOf(fetchMock);
        expect(url).toBe(`${siteURL}/plugins/frontdesk/api/v1/status`);
        expect(init.method).toBe('GET');
        expect(init.credentials).toBe('same-origin');
        expect(init.headers).toMatchObject({'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json'});
        expect(init.headers).not.toHaveProperty('X-CSRF-Token');

        answer.resolve(jsonResponse(200, status));

        expect(await screen.findByTestId('frontdesk-version')).toHaveTextContent('Frontdesk 0.1.0');
        expect(screen.queryByTestId('frontdesk-status-loading')).not.toBeInTheDocument();
    });

    test('shows version, username and connected-channel count', async () => {
        routeFetch({...quiet, 'GET /status': () => jsonResponse(200, status)});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-username')).toHaveTextContent('Signed in as @alice');
        expect(screen.getByTestId('frontdesk-version')).toHaveTextContent('Frontdesk 0.1.0');
        expect(screen.getByTestId('frontdesk-connections')).toHaveTextContent('2 connections');
        expect(screen.getByTestId('frontdesk-connections')).toHaveAttribute('data-count', '2');
        expect(screen.queryByTestId('frontdesk-connections-empty')).not.toBeInTheDocument();
        expect(await screen.findByTestId('frontdesk-chats-empty')).toHaveTextContent('No active chats');
    });

    test('uses the singular for one connected channel', async () => {
        routeFetch({...quiet, 'GET /status': () => jsonResponse(200, {...status, connections: 1})});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-connections')).toHaveTextContent('1 connection');
    });

    test('explains how to connect a channel when none is connected', async () => {
        routeFetch({...quiet, 'GET /status': () => jsonResponse(200, {...status, connections: 0})});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-connections-empty')).toHaveTextContent(
            'No connections yet — an admin adds them in System Console → Plugins → Frontdesk',
        );
        expect(screen.queryByTestId('frontdesk-connections')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-chats')).not.toBeInTheDocument();
    });

    test('refuses a user who may not use chats, with no chats and no + Chat', async () => {
        routeFetch({...quiet, 'GET /status': () => jsonResponse(200, {...status, can_use_chats: false, connections: 3})});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-no-access')).toHaveTextContent('You may not use Frontdesk chats. Ask a system admin.');
        expect(screen.queryByTestId('frontdesk-connections')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-connections-empty')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-newchat-button')).not.toBeInTheDocument();
        expect(screen.queryByTestId('frontdesk-chats')).not.toBeInTheDocument();
        expect(screen.getByTestId('frontdesk-username')).toHaveTextContent('@alice');
    });

    test('shows the server error and loads again on retry', async () => {
        const fetchMock = routeFetch(quiet);
        fetchMock.
            mockResolvedValueOnce(jsonResponse(500, {error: 'internal', message: 'The database is not reachable.'})).
            mockResolvedValueOnce(jsonResponse(200, status));

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-error-message')).toHaveTextContent(
            'Could not load Frontdesk: The database is not reachable.',
        );

        fireEvent.click(screen.getByTestId('frontdesk-retry'));

        expect(await screen.findByTestId('frontdesk-username')).toHaveTextContent('Signed in as @alice');
        expect(callsTo(fetchMock, 'GET /status')).toHaveLength(2);
        expect(screen.queryByTestId('frontdesk-status-error')).not.toBeInTheDocument();
    });

    test('says the user is signed out on 401', async () => {
        routeFetch({...quiet, 'GET /status': () => jsonResponse(401, {error: 'unauthorized', message: 'Not signed in.'})});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-error-message')).toHaveTextContent('You are signed out.');
        expect(screen.getByTestId('frontdesk-retry')).toBeInTheDocument();
    });

    test('says the server could not be reached when fetch itself fails', async () => {
        routeFetch({'GET /status': () => Promise.reject(new TypeError('Failed to fetch'))});

        renderInHost(<FrontdeskPanel/>);

        expect(await screen.findByTestId('frontdesk-error-message')).toHaveTextContent(
            'Could not load Frontdesk: the server could not be reached',
        );
    });
});
