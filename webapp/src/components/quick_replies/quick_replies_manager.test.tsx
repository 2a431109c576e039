import {fireEvent, screen, waitFor, within} from '@testing-library/react';
import React from 'react';

import {jsonResponse, routeFetch, type Route} from '../../../tests/fetch';
import {renderInHost} from '../../../tests/render';
import type {QuickReply} from '../../client/types';

import QuickRepliesManager from './quick_replies_manager';

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('the quick replies manager', () => {
    test('adds, edits, renames and deletes the team\'s quick replies, and shows a refusal', async () => {
        let saved: QuickReply[] = [];
        const calls: string[] = [];
        const routes: Record<string, Route> = {
            'GET /teams/team1/quick-replies': () => jsonResponse(200, saved),
        };
        const fetchMock = routeFetch(routes);
        fetchMock.mockImplementation(async (input, init) => {
            const url = new URL(String(input));
            const method = init?.method ?? 'GET';
            const name = decodeURIComponent(url.pathname.split('/quick-replies/')[1] ?? '');
            calls.push(`${method} ${name}`);
            if (method === 'GET') {
                return jsonResponse(200, saved);
            }
            if (method === 'PUT') {
                const {text} = JSON.parse(String(init?.body)) as {text: string};
                if (name.includes(' ')) {
                    return jsonResponse(400, {error: 'invalid', message: 'A name is 1 to 32 letters, digits, - or _.'});
                }
                saved = [...saved.filter((r) => r.name !== name), {name, text, updated_by: 'user1', updated_at: 1}];
                return jsonResponse(200, saved.at(-1));
            }
            saved = saved.filter((r) => r.name !== name);
            return new Response(null, {status: 204});
        });

        renderInHost(<QuickRepliesManager/>);
        expect(await screen.findByTestId('frontdesk-quick-manager-empty')).toHaveTextContent('No quick replies yet.');

        fireEvent.click(screen.getByTestId('frontdesk-quick-add'));
        fireEvent.change(screen.getByTestId('frontdesk-quick-name'), {target: {value: 'opening hours'}});
        fireEvent.change(screen.getByTestId('frontdesk-quick-text'), {target: {value: 'We are open 9 to 17.'}});
        fireEvent.click(screen.getByTestId('frontdesk-quick-save'));
        expect(await screen.findByTestId('frontdesk-quick-failed')).toHaveTextContent('A name is 1 to 32 letters, digits, - or _.');

        fireEvent.change(screen.getByTestId('frontdesk-quick-name'), {target: {value: 'hours'}});
        fireEvent.click(screen.getByTestId('frontdesk-quick-save'));
        const row = await screen.findByTestId('frontdesk-quick-row');
        expect(row).toHaveTextContent('hoursWe are open 9 to 17.');

        fireEvent.click(within(row).getByTestId('frontdesk-quick-edit'));
        fireEvent.change(screen.getByTestId('frontdesk-quick-name'), {target: {value: 'open'}});
        fireEvent.change(screen.getByTestId('frontdesk-quick-text'), {target: {value: 'We are open 9 to 18.'}});
        fireEvent.click(screen.getByTestId('frontdesk-quick-save'));
        await waitFor(() => expect(screen.getByTestId('frontdesk-quick-row')).toHaveAttribute('data-name', 'open'));
        expect(screen.getByTestId('frontdesk-quick-row')).toHaveTextContent('We are open 9 to 18.');

        fireEvent.click(screen.getByTestId('frontdesk-quick-delete'));
        expect(await screen.findByTestId('frontdesk-quick-manager-empty')).toBeInTheDocument();
        expect(calls.filter((c) => !c.startsWith('GET'))).toEqual(['PUT opening hours', 'PUT hours', 'PUT open', 'DELETE hours', 'DELETE open']);
    });
});
