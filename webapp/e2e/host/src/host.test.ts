import {bundleURL} from './loader';
import {messageParts} from './post';
import {createRegistry} from './registry';
import {createHostStore, formatMessage} from './store';
import {dispatchEvent, socketURL} from './websocket';

describe('bundleURL', () => {
    test.each([
        ['/static/frontdesk/frontdesk_0a1b_bundle.js', '/static/plugins/frontdesk/frontdesk_0a1b_bundle.js'],
        ['/static/plugins/frontdesk/frontdesk_0a1b_bundle.js', '/static/plugins/frontdesk/frontdesk_0a1b_bundle.js'],
        ['/chat/static/frontdesk/frontdesk_0a1b_bundle.js', '/chat/static/plugins/frontdesk/frontdesk_0a1b_bundle.js'],
    ])('maps %s to %s', (listed, served) => {
        expect(bundleURL(listed)).toBe(served);
    });
});

describe('stand-in registry', () => {
    test('records the RHS and header button and toggles the RHS through the store', () => {
        const store = createHostStore();
        const registry = createRegistry('frontdesk', store);
        const Panel = () => null;

        const rhs = registry.registerRightHandSidebarComponent(Panel, 'Frontdesk');
        registry.registerChannelHeaderButtonAction('icon', () => store.dispatch(rhs.toggleRHSPlugin), 'Frontdesk', 'Open');
        registry.registerTranslations(() => ({'frontdesk.rhs.title': 'Frontdesk'}));

        const {host} = store.getState();
        expect(host.rhs).toEqual([{id: rhs.id, pluginId: 'frontdesk', component: Panel, title: 'Frontdesk'}]);
        expect(host.headerButtons).toHaveLength(1);
        expect(host.translations.frontdesk('en')).toEqual({'frontdesk.rhs.title': 'Frontdesk'});

        host.headerButtons[0].action();
        expect(store.getState().views.rhs.pluginRhsId).toBe(rhs.id);
        host.headerButtons[0].action();
        expect(store.getState().views.rhs.pluginRhsId).toBeNull();
        store.dispatch(rhs.showRHSPlugin);
        store.dispatch(rhs.hideRHSPlugin);
        expect(store.getState().views.rhs.pluginRhsId).toBeNull();
    });

    test('runs the format hooks in turn, as the web app does before rendering a post', () => {
        const store = createHostStore();
        const registry = createRegistry('frontdesk', store);
        registry.registerMessageWillFormatHook((post, message) => `${message} [${String(post.props?.tag)}]`);
        registry.registerMessageWillFormatHook((_post, message) => message.toUpperCase());
        const post = {id: 'p1', root_id: '', message: 'hello', props: {tag: 'x'}};
        expect(formatMessage(store.getState(), post)).toBe('HELLO [X]');
    });

    test('an opened thread is in entities.posts and named by views.rhs.selectedPostId, as in the web app', () => {
        const store = createHostStore();
        store.dispatch({type: 'HOST_OPENED_THREAD', rootId: 'root1', posts: [
            {id: 'root1', root_id: '', message: 'header', props: {frontdesk_root: true}},
            {id: 'reply1', root_id: 'root1', message: 'hello'},
        ]});
        const state = store.getState();
        expect(state.views.rhs.selectedPostId).toBe('root1');
        expect(state.entities.posts.postsInThread.root1).toEqual(['reply1']);
        expect(state.entities.posts.posts.root1.props).toEqual({frontdesk_root: true});
        expect(state.views.rhs.pluginRhsId).toBeNull();
    });

    test('records link tooltips and root components, and draws a shown post\'s Markdown links as links', () => {
        const store = createHostStore();
        const registry = createRegistry('frontdesk', store);
        const Tooltip = () => null;
        const Root = () => null;
        registry.registerLinkTooltipComponent(Tooltip);
        registry.registerRootComponent(Root);
        store.dispatch({type: 'HOST_SHOWED_POST', post: {id: 'p1', root_id: '', message: 'Call +1 555'}});

        const {host} = store.getState();
        expect(host.linkTooltips.map((t) => t.component)).toEqual([Tooltip]);
        expect(host.rootComponents.map((r) => r.component)).toEqual([Root]);
        expect(host.shownPost?.id).toBe('p1');
        expect(host.unsupportedCalls).toEqual([]);
        expect(messageParts('Call [+1 555 000 1234](tel:+15550001234) or [x](javascript:alert(1)) now')).toEqual([
            {text: 'Call '},
            {text: '+1 555 000 1234', href: 'tel:+15550001234'},
            {text: ' or [x](javascript:alert(1)) now'},
        ]);
    });

    test('reports a registry method it does not implement as a console error', () => {
        const store = createHostStore();
        const registry = createRegistry('frontdesk', store) as unknown as Record<string, (...args: unknown[]) => unknown>;
        const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);

        registry.registerPostTypeComponent('custom_frontdesk', () => null);

        expect(store.getState().host.unsupportedCalls).toEqual(['frontdesk: registry.registerPostTypeComponent']);
        expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('registerPostTypeComponent is not implemented'));
        consoleError.mockRestore();
    });
});

describe('stand-in websocket', () => {
    test('derives the websocket URL from the page', () => {
        expect(socketURL({protocol: 'http:', host: '127.0.0.1:8065'})).toBe('ws://127.0.0.1:8065/api/v4/websocket');
        expect(socketURL({protocol: 'https:', host: 'chat.example.com'}, '/mm/')).toBe('wss://chat.example.com/mm/api/v4/websocket');
    });

    test('hands each event to the handlers registered for its name, and only those', () => {
        const store = createHostStore();
        const registry = createRegistry('frontdesk', store);
        const updated = vi.fn();
        const delivery = vi.fn();
        registry.registerWebSocketEventHandler('custom_frontdesk_conversation_updated', updated);
        registry.registerWebSocketEventHandler('custom_frontdesk_delivery', delivery);
        registry.registerReconnectHandler(() => undefined);

        const message = {event: 'custom_frontdesk_conversation_updated', data: {conversation_id: 'c1'}, seq: 3};
        dispatchEvent(store, message);
        dispatchEvent(store, {event: 'posted', data: {}});

        expect(updated).toHaveBeenCalledTimes(1);
        expect(updated).toHaveBeenCalledWith(message);
        expect(delivery).not.toHaveBeenCalled();
        expect(store.getState().host.socketEvents).toBe(2);
        expect(store.getState().host.reconnectHandlers).toHaveLength(1);
        expect(store.getState().host.unsupportedCalls).toEqual([]);
    });
});
