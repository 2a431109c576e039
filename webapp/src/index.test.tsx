import {render, screen} from '@testing-library/react';
import type {ComponentType, ReactNode} from 'react';
import React from 'react';
import {IntlProvider} from 'react-intl';
import {legacy_createStore as createStore, type Action} from 'redux';

import en from '../i18n/en.json';

import type {PluginRegistry, RhsActions} from './types/mattermost-webapp';

type Registered = {
    rhs?: {component: ComponentType; title: ReactNode};
    headerButton?: {icon: ReactNode; action: () => void; dropdownText: ReactNode; tooltipText: ReactNode};
    translations?: (locale: string) => Record<string, string>;
};

function recordingRegistry(): {registry: PluginRegistry; registered: Registered; rhsActions: RhsActions} {
    const registered: Registered = {};
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
    };
    return {registry, registered, rhsActions};
}

async function loadPlugin() {
    vi.resetModules();
    const registerPlugin = vi.fn();
    vi.stubGlobal('registerPlugin', registerPlugin);
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
        const store = createStore((state: object = {}, action: Action) => {
            dispatched.push(action);
            return state;
        });
        dispatched.length = 0;

        plugin.initialize(registry, store);

        // Imported after loadPlugin's module reset, so it is the same module instance index.tsx used.
        const {default: FrontdeskPanel} = await import('./components/rhs/frontdesk_panel');
        expect(registered.rhs?.component).toBe(FrontdeskPanel);
        expect(registered.headerButton).toBeDefined();

        registered.headerButton?.action();
        expect(dispatched).toEqual([rhsActions.toggleRHSPlugin]);

        expect(registered.translations?.('en')).toEqual(en);
        expect(registered.translations?.('en-GB')).toEqual(en);
        expect(registered.translations?.('pl')).toEqual(en);

        render(
            <IntlProvider
                locale='en'
                messages={registered.translations?.('en')}
            >
                <div data-testid='title'>{registered.rhs?.title}</div>
                <div data-testid='tooltip'>{registered.headerButton?.tooltipText}</div>
                <div data-testid='icon'>{registered.headerButton?.icon}</div>
            </IntlProvider>,
        );
        expect(screen.getByTestId('title')).toHaveTextContent('Frontdesk');
        expect(screen.getByTestId('tooltip')).toHaveTextContent('Open Frontdesk');
        expect(screen.getByTestId('frontdesk-header-icon')).toBeInTheDocument();
    });
});
