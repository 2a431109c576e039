import {act, fireEvent, render, screen, waitFor} from '@testing-library/react';
import type {ComponentType, ReactNode} from 'react';
import React from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';
import {legacy_createStore as createStore, type Action} from 'redux';

import en from '../i18n/en.json';
import pl from '../i18n/pl.json';
import {callsTo, jsonResponse, routeFetch, type Route} from '../tests/fetch';
import {hostState} from '../tests/render';

import type {ThreadPost} from './delivery_marks';
import type {
    AdminConsoleSettingProps,
    AppBarOptions,
    LinkTooltipProps,
    MessageHookPost,
    MessageHookResult,
    PluginRegistry,
    PostEditorActionProps,
    RhsActions,
    WebSocketMessage,
} from './types/mattermost-webapp';

type Registered = {
    rhs?: {component: ComponentType; title: ReactNode};
    headerButton?: {icon: ReactNode; action: () => void; dropdownText: ReactNode; tooltipText: ReactNode};
    translations?: (locale: string) => Record<string, string>;
    socketHandlers: Record<string, (message: WebSocketMessage) => void>;
    reconnectHandlers: Array<() => void>;
    formatHooks: Array<(post: ThreadPost, message: string) => string>;
    linkTooltips: Array<ComponentType<LinkTooltipProps>>;
    rootComponents: ComponentType[];
    adminSettings: Record<string, {component: ComponentType<AdminConsoleSettingProps>; showTitle?: boolean}>;
    appBar: Record<string, AppBarOptions>;
    postHooks: Array<(post: MessageHookPost) => Promise<MessageHookResult> | MessageHookResult>;
    editorActions: Array<ComponentType<PostEditorActionProps>>;
    attachments: Array<ComponentType<{postId: string}>>;
};

function recordingRegistry(): {registry: PluginRegistry; registered: Registered; rhsActions: RhsActions} {
    const registered: Registered = {
        socketHandlers: {},
        reconnectHandlers: [],
        formatHooks: [],
        linkTooltips: [],
        rootComponents: [],
        adminSettings: {},
        appBar: {},
        postHooks: [],
        editorActions: [],
        attachments: [],
    };
    let next = 0;
    const rhsActions: RhsActions = {
        id: 'rhs1',
        showRHSPlugin: {type: 'SHOW_RHS_PLUGIN'},
        hideRHSPlugin: {type: 'HIDE_RHS_PLUGIN'},
        toggleRHSPlugin: {type: 'TOGGLE_RHS_PLUGIN'},
    };
    const registry: PluginRegistry = {
        registerRightHandSidebarComponent(component, title) {
            registered.rhs = {component, title};
            return rhsActions;
        },
        registerChannelHeaderButtonAction(icon, action, dropdownText, tooltipText) {
            registered.headerButton = {icon, action, dropdownText, tooltipText};
            return 'button1';
        },
        registerTranslations(getTranslationsForLocale) {
            registered.translations = getTranslationsForLocale;
        },
        registerWebSocketEventHandler(event, handler) {
            registered.socketHandlers[event] = handler;
        },
        registerReconnectHandler(handler) {
            registered.reconnectHandlers.push(handler);
        },
        registerMessageWillFormatHook(hook) {
            registered.formatHooks.push(hook);
            return 'hook1';
        },
        registerLinkTooltipComponent(component) {
            registered.linkTooltips.push(component);
            return 'tooltip1';
        },
        registerRootComponent(component) {
            registered.rootComponents.push(component);
            return 'root1';
        },
        registerAdminConsoleCustomSetting(key, component, options) {
            registered.adminSettings[key] = {component, showTitle: options?.showTitle};
        },
        registerAppBarComponent(options) {
            next += 1;
            registered.appBar[`appbar${next}`] = options;
            return `appbar${next}`;
        },
        unregisterComponent(id) {
            delete registered.appBar[id];
        },
        registerMessageWillBePostedHook(hook) {
            registered.postHooks.push(hook);
            return 'posthook1';
        },
        registerPostEditorActionComponent(component) {
            registered.editorActions.push(component);
            return 'editor1';
        },
        registerMessageWillBeUpdatedHook() {
            return 'updatehook1';
        },
        registerPostMessageAttachmentComponent(component) {
            registered.attachments.push(component);
            return 'attachment1';
        },
    };
    return {registry, registered, rhsActions};
}

async function loadPlugin() {
    vi.resetModules();
    const registerPlugin = vi.fn();
    vi.stubGlobal('registerPlugin', registerPlugin);
    // initialize starts the App Bar badge and the tab title at once: nothing answers until a test routes it.
    routeFetch({});
    await import('./index');
    expect(registerPlugin).toHaveBeenCalledTimes(1);
    const [id, plugin] = registerPlugin.mock.calls[0];
    return {id, plugin};
}

afterEach(() => {
    vi.unstubAllGlobals();
});

describe('plugin registration', () => {
    test('registers itself under the manifest id', async () => {
        const {id, plugin} = await loadPlugin();

        expect(id).toBe('frontdesk');
        expect(typeof plugin.initialize).toBe('function');
    });

    test('registers the RHS panel, a header button that toggles it, and the translations', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered, rhsActions} = recordingRegistry();
        const dispatched: Action[] = [];
        const store = createStore((state: typeof hostState = hostState, action: Action) => {
            dispatched.push(action);
            return state;
        });
        dispatched.length = 0;
        const fetchMock = routeFetch({'GET /indicators': () => jsonResponse(200, {unread: 0, unanswered: 3, attention: 3})});

        plugin.initialize(registry, store);

        expect(registered.rhs?.component).toBeDefined();
        expect(registered.headerButton).toBeDefined();

        registered.headerButton?.action();
        expect(dispatched).toEqual([rhsActions.toggleRHSPlugin]);

        expect(registered.translations?.('en')).toEqual(en);
        expect(registered.translations?.('en-GB')).toEqual(en);
        expect(registered.translations?.('pl')).toEqual(pl);
        expect(registered.translations?.('de')).toEqual(en);

        const hostStore = createStore((state: typeof hostState = hostState) => state);
        render(
            <Provider store={hostStore}>
                <IntlProvider
                    locale='en'
                    messages={registered.translations?.('en')}
                >
                    <div data-testid='title'>{registered.rhs?.title}</div>
                    <div data-testid='tooltip'>{registered.headerButton?.tooltipText}</div>
                    <div data-testid='icon'>{registered.headerButton?.icon}</div>
                </IntlProvider>
            </Provider>,
        );
        expect(screen.getByTestId('title')).toHaveTextContent('Frontdesk');
        expect(screen.getByTestId('tooltip')).toHaveTextContent('Open Frontdesk');
        expect(screen.getByTestId('frontdesk-header-icon')).toBeInTheDocument();
        // The title and the header button share one count.
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('3');
        expect(screen.getByTestId('frontdesk-title-count')).toHaveTextContent('3');
        expect(callsTo(fetchMock, 'GET /indicators')).toHaveLength(1);
    });

    test('puts the Frontdesk icon with the badge in the App Bar, the unread count in the tab title, and checks replies before posting', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered, rhsActions} = recordingRegistry();
        const dispatched: Action[] = [];
        const store = createStore((state: typeof hostState = hostState, action: Action) => {
            dispatched.push(action);
            return state;
        });
        const routes: Record<string, Route> = {'GET /indicators': () => jsonResponse(200, {unread: 1, unanswered: 2, attention: 2})};
        routeFetch(routes);
        document.title = 'Town Square - Shop';

        plugin.initialize(registry, store);

        await waitFor(() => expect(Object.values(registered.appBar).map((a) => decodeURIComponent(a.iconUrl))).toEqual([expect.stringContaining('>2</text>')]));
        expect(document.title).toBe('(1) Town Square - Shop');
        dispatched.length = 0;
        Object.values(registered.appBar)[0].action();
        expect(dispatched).toEqual([rhsActions.toggleRHSPlugin]);

        // A change: the icon is registered again with the new count, the old one removed.
        routes['GET /indicators'] = () => jsonResponse(200, {unread: 0, unanswered: 0, attention: 0});
        registered.socketHandlers.custom_frontdesk_indicators_changed({event: 'custom_frontdesk_indicators_changed', data: {conversation_id: 'c1'}});
        await waitFor(() => expect(document.title).toBe('Town Square - Shop'));
        const icons = Object.values(registered.appBar);
        expect(icons).toHaveLength(1);
        expect(decodeURIComponent(icons[0].iconUrl)).not.toContain('</text>');

        expect(registered.postHooks).toHaveLength(1);
        expect(await registered.postHooks[0]({message: 'Hello', channel_id: 'town-square', root_id: ''})).toEqual({post: {message: 'Hello', channel_id: 'town-square', root_id: ''}});
        expect(registered.editorActions).toHaveLength(1);
        expect(registered.attachments).toHaveLength(1);
        plugin.uninitialize();
    });

    test('registers the System Console section as the custom setting Connections, drawn without its title', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();

        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));

        expect(Object.keys(registered.adminSettings)).toEqual(['Connections']);
        expect(registered.adminSettings.Connections.showTitle).toBe(false);
        expect(registered.adminSettings.Connections.component.name).toBe('ConnectionsSetting');
    });

    test('shows an agent reply\'s delivery under its text in the user\'s language, and leaves other posts alone', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();
        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));

        expect(registered.formatHooks).toHaveLength(1);
        const [format] = registered.formatHooks;
        expect(format({id: 'p1', props: {frontdesk_delivery: {state: 'delivered'}}}, 'On its way')).toBe('On its way\n\n_✓✓ Delivered_');
        expect(format({id: 'p2', props: {}}, 'Hello from the team')).toBe('Hello from the team');
    });

    test('links phone numbers in any post, before the delivery line', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();
        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));

        const [format] = registered.formatHooks;
        expect(format({id: 'p3', props: {}}, 'Call +1 555 000 1234 about the laptop')).toBe('Call [+1 555 000 1234](tel:+15550001234) about the laptop');
        expect(format({id: 'p4', props: {frontdesk_delivery: {state: 'sent'}}}, 'Ring +48601234567')).toBe('Ring [+48601234567](tel:+48601234567)\n\n_✓ Sent_');
    });

    test('reloads the badge and the panel on Frontdesk websocket events and on reconnect', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();
        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));

        expect(Object.keys(registered.socketHandlers).sort()).toEqual([
            'custom_frontdesk_client_changed',
            'custom_frontdesk_connection_changed',
            'custom_frontdesk_conversation_updated',
            'custom_frontdesk_delivery',
            'custom_frontdesk_indicators_changed',
            'posted',
        ]);
        expect(registered.reconnectHandlers).toHaveLength(1);

        const routes: Record<string, Route> = {
            'GET /status': () => jsonResponse(200, {version: '0.1.0', user_id: 'user1', username: 'alice', connections: 1, can_use_chats: true}),
            'GET /indicators': () => jsonResponse(200, {unread: 0, unanswered: 0, attention: 0}),
            'GET /conversations': () => jsonResponse(200, []),
        };
        routeFetch(routes);
        const Panel = registered.rhs!.component;
        render(
            <Provider store={createStore((state: typeof hostState = hostState) => state)}>
                <IntlProvider
                    locale='en'
                    messages={en}
                >
                    <div>{registered.headerButton?.icon}</div>
                    <Panel/>
                </IntlProvider>
            </Provider>,
        );
        expect(await screen.findByTestId('frontdesk-chats-empty')).toHaveTextContent('No active chats');

        const customer = {id: 'x1', name: 'Anna Nowak'};
        routes['GET /indicators'] = () => jsonResponse(200, {unread: 0, unanswered: 1, attention: 1});
        // The event names the chat: the list loads that one row, not every page.
        routes['GET /conversations/c1'] = () => jsonResponse(200, {
            id: 'c1', connection_id: 'conn1', kind: 'telegram', connection_name: 'Shop bot', account_name: 'shop_bot',
            root_post_id: 'p1', status: 'active', customer,
            last_customer_at: 1, last_message_at: 1, unread: false, unanswered: true, pruned_count: 0,
            channel_id: 'ch1', sync_lost: false, window: {state: 'always', until: 0},
        });
        registered.socketHandlers.custom_frontdesk_conversation_updated({
            event: 'custom_frontdesk_conversation_updated', data: {conversation_id: 'c1'},
        });

        await waitFor(() => expect(screen.getByTestId('frontdesk-chat-name')).toHaveTextContent('Anna Nowak'));
        expect(screen.getByTestId('frontdesk-chat-provider')).toHaveTextContent('Telegram · shop_bot');
        expect(await screen.findByTestId('frontdesk-badge')).toHaveTextContent('1');

        routes['GET /indicators'] = () => jsonResponse(200, {unread: 0, unanswered: 0, attention: 0});
        registered.reconnectHandlers[0]();
        await waitFor(() => expect(screen.queryByTestId('frontdesk-badge')).not.toBeInTheDocument());
    });

    test('a client change reloads the open client card and not the chats', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();
        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));
        const card = {helpdesk: 'builtin', linked: false, client: null, documents: [], chats: [], candidates: []};
        const fetchMock = routeFetch({
            'GET /status': () => jsonResponse(200, {version: '0.1.0', user_id: 'user1', username: 'alice', connections: 1, can_use_chats: true}),
            'GET /conversations': () => jsonResponse(200, [{
                id: 'c1', connection_id: 'conn1', kind: 'telegram', connection_name: 'Shop bot', account_name: 'shop_bot',
                root_post_id: 'p1', status: 'active', customer: {id: 'x1', name: 'Anna Nowak'},
                last_customer_at: 1, last_message_at: 1, unread: false, unanswered: true, pruned_count: 0,
            }]),
            'GET /conversations/c1/client': () => jsonResponse(200, card),
        });
        const Panel = registered.rhs!.component;
        render(
            <Provider store={createStore((state: typeof hostState = hostState) => state)}>
                <IntlProvider
                    locale='en'
                    messages={en}
                >
                    <Panel/>
                </IntlProvider>
            </Provider>,
        );
        fireEvent.click(await screen.findByTestId('frontdesk-chat-client'));
        expect(await screen.findByTestId('frontdesk-client-unlinked')).toBeInTheDocument();

        registered.socketHandlers.custom_frontdesk_client_changed({event: 'custom_frontdesk_client_changed', data: {conversation_id: 'c1'}});

        await waitFor(() => expect(callsTo(fetchMock, 'GET /conversations/c1/client')).toHaveLength(2));
        expect(callsTo(fetchMock, 'GET /conversations')).toHaveLength(1);
    });

    test('the phone card on a tel: link opens the mini chat window, which gets the thread\'s new posts from the websocket', async () => {
        const {plugin} = await loadPlugin();
        const {registry, registered} = recordingRegistry();
        plugin.initialize(registry, createStore((state: typeof hostState = hostState) => state));
        expect(registered.linkTooltips).toHaveLength(1);
        expect(registered.rootComponents).toHaveLength(1);

        const chat = {
            id: 'c1', connection_id: 'conn1', kind: 'sms', connection_name: 'Shop SMS', account_name: '',
            root_post_id: 'root1', status: 'active', customer: {id: '+15550001234', name: '', phone: '+15550001234'},
            last_customer_at: 1, last_message_at: 1, unread: false, unanswered: false, pruned_count: 0,
        };
        routeFetch({
            'GET /clients': () => jsonResponse(200, []),
            'GET /conversations': () => jsonResponse(200, [chat]),
            'GET /api/v4/posts/root1/thread': () => jsonResponse(200, {order: ['root1'], posts: {
                root1: {id: 'root1', root_id: '', channel_id: 'ch1', user_id: 'bot1', message: 'header', create_at: 1},
            }}),
        });
        const Tooltip = registered.linkTooltips[0];
        const Root = registered.rootComponents[0];
        render(
            <Provider store={createStore((state: typeof hostState = hostState) => state)}>
                <IntlProvider
                    locale='en'
                    messages={en}
                >
                    <Tooltip href='https://example.com'/>
                    <Tooltip href='tel:+15550001234'/>
                    <Root/>
                </IntlProvider>
            </Provider>,
        );
        expect(screen.getAllByTestId('frontdesk-phone-card')).toHaveLength(1);
        fireEvent.click(await screen.findByTestId('frontdesk-phone-write'));
        expect(await screen.findByTestId('frontdesk-mini-chat-empty')).toBeInTheDocument();

        const live = {id: 'p1', root_id: 'root1', channel_id: 'ch1', user_id: 'bot1', message: '**+15550001234:** Hi', create_at: 2, props: {frontdesk_direction: 'in'}};
        act(() => registered.socketHandlers.posted({event: 'posted', data: {post: JSON.stringify(live)}}));
        expect(await screen.findByTestId('frontdesk-mini-chat-message')).toHaveTextContent('Hi');
    });
});
