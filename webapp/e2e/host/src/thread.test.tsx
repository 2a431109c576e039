import {act, fireEvent, render, screen, waitFor} from '@testing-library/react';
import React from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';

import {jsonResponse, routeFetch} from '../../../tests/fetch';
import type {PostEditorActionProps} from '../../../src/types/mattermost-webapp';

import {createRegistry} from './registry';
import Shell from './shell';
import {createHostStore} from './store';

const thread = {
    order: ['root1', 'r1'],
    posts: {
        root1: {id: 'root1', root_id: '', channel_id: 'ch1', message: 'Anna Nowak', create_at: 1, props: {frontdesk_conversation_id: 'c1'}},
        r1: {id: 'r1', root_id: 'root1', channel_id: 'ch1', message: 'Is my phone ready?', create_at: 2},
    },
};

function renderHost() {
    const store = createHostStore();
    render(
        <Provider store={store}>
            <IntlProvider locale='en'>
                <Shell/>
            </IntlProvider>
        </Provider>,
    );
    return store;
}

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('the stand-in thread and its composer', () => {
    test('draws the editor actions with the draft; a hook\'s error keeps the draft and posts nothing, as the web app does', async () => {
        const posted: unknown[] = [];
        routeFetch({
            'POST /api/v4/posts': (_q, init) => {
                posted.push(JSON.parse(String(init.body)));
                return jsonResponse(201, {id: 'r2'});
            },
            'GET /api/v4/posts/root1/thread': () => jsonResponse(200, thread),
        });
        const store = renderHost();
        const registry = createRegistry('frontdesk', store);
        const seen: Array<PostEditorActionProps['draft']> = [];
        registry.registerPostEditorActionComponent?.((props: PostEditorActionProps) => {
            seen.push(props.draft);
            return (
                <button
                    type='button'
                    onClick={() => props.updateText?.(`${props.draft?.message ?? ''} thanks`)}
                >
                    {'plugin action'}
                </button>
            );
        });
        registry.registerPostMessageAttachmentComponent(({postId}) => <em data-testid='attachment'>{`under ${postId}`}</em>);
        registry.registerMessageWillBePostedHook((post) => (post.message.length > 10 ? {error: {message: 'Too long for the customer.'}} : {post: {...post, message: post.message.toUpperCase()}}));
        store.dispatch({type: 'HOST_OPENED_THREAD', rootId: 'root1', posts: Object.values(thread.posts)});

        const input = await screen.findByTestId('host-composer-input');
        expect(screen.getAllByTestId('host-thread-post-message').map((p) => p.textContent)).toEqual(['Anna Nowak', 'Is my phone ready?']);
        expect(screen.getAllByTestId('attachment').map((p) => p.textContent)).toEqual(['under root1', 'under r1']);
        fireEvent.change(input, {target: {value: 'Hello there, Anna'}});
        expect(seen.at(-1)).toEqual({message: 'Hello there, Anna', rootId: 'root1', channelId: 'ch1'});
        // Where the web app keeps a thread's draft.
        expect(store.getState().storage.storage.comment_draft_root1.value.message).toBe('Hello there, Anna');
        fireEvent.click(screen.getByTestId('host-composer-send'));

        expect(await screen.findByTestId('host-composer-error')).toHaveTextContent('Too long for the customer.');
        expect(input).toHaveValue('Hello there, Anna');
        expect(posted).toEqual([]);

        fireEvent.change(input, {target: {value: 'Hi'}});
        fireEvent.click(screen.getByText('plugin action'));
        expect(input).toHaveValue('Hi thanks');
        fireEvent.click(screen.getByTestId('host-composer-send'));
        await waitFor(() => expect(input).toHaveValue(''));
        expect(posted).toEqual([{message: 'HI THANKS', channel_id: 'ch1', root_id: 'root1'}]);
        expect(screen.queryByTestId('host-composer-error')).not.toBeInTheDocument();
    });

    test('with the App Bar on, a plugin\'s App Bar icon replaces its channel header button; unregistering removes it', () => {
        routeFetch({});
        const store = renderHost();
        const registry = createRegistry('frontdesk', store);
        const opened = vi.fn();
        let id = '';
        act(() => {
            registry.registerChannelHeaderButtonAction('bell', opened, 'Frontdesk', 'Open');
            id = registry.registerAppBarComponent?.({iconUrl: 'data:image/svg+xml,<svg/>', action: opened, tooltipText: 'Chats'}) ?? '';
        });
        expect(screen.getByTestId('host-channel-header-button')).toBeInTheDocument();
        expect(screen.queryByTestId('host-app-bar')).not.toBeInTheDocument();

        act(() => {
            store.dispatch({type: 'HOST_APP_BAR', on: true});
        });
        expect(screen.queryByTestId('host-channel-header-button')).not.toBeInTheDocument();
        fireEvent.click(screen.getByTestId('host-app-bar-icon'));
        expect(opened).toHaveBeenCalledTimes(1);

        act(() => registry.unregisterComponent?.(id));
        expect(screen.queryByTestId('host-app-bar-icon')).not.toBeInTheDocument();
        // A plugin without an App Bar icon has its header button moved into the App Bar.
        expect(screen.getByTestId('host-app-bar-header-button')).toBeInTheDocument();
        expect(store.getState().host.unsupportedCalls).toEqual([]);
    });
});
