import {bundleURL} from './loader';
import {createRegistry} from './registry';
import {createHostStore} from './store';

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
