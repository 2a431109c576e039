// Registration only: every behaviour lives in components/ and client/.
import React from 'react';
import type {GlobalState} from '@mattermost/types/store';
import {FormattedMessage} from 'react-intl';
import type {Store} from 'redux';

import HeaderIcon from './components/header_icon';
import FrontdeskPanel from './components/rhs/frontdesk_panel';
import {msg, translationsFor} from './i18n';
import manifest from './manifest';
import type {PluginRegistry} from './types/mattermost-webapp';

export default class Plugin {
    public initialize(registry: PluginRegistry, store: Store<GlobalState>): void {
        registry.registerTranslations(translationsFor);

        const {toggleRHSPlugin} = registry.registerRightHandSidebarComponent(
            FrontdeskPanel,
            <FormattedMessage {...msg('frontdesk.rhs.title')}/>,
        );

        registry.registerChannelHeaderButtonAction(
            <HeaderIcon/>,
            () => store.dispatch(toggleRHSPlugin),
            <FormattedMessage {...msg('frontdesk.header.button')}/>,
            <FormattedMessage {...msg('frontdesk.header.tooltip')}/>,
        );
    }
}

declare global {
    interface Window {
        registerPlugin(id: string, plugin: Plugin): void;
    }
}

window.registerPlugin(manifest.id, new Plugin());
