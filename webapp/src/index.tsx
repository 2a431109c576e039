// Registration only: every behaviour lives in components/ and client/.
import React, {type ReactNode} from 'react';
import type {GlobalState} from '@mattermost/types/store';
import {FormattedMessage} from 'react-intl';
import type {Store} from 'redux';

import {CHANGE_EVENTS, CLIENT_CHANGE_EVENT, ChangesContext, ClientChangesContext, createChanges} from './changes';
import ConnectionsSetting from './components/admin/connections_setting';
import HeaderIcon from './components/header_icon';
import MiniChatWindow from './components/phone/mini_chat';
import PhoneLinkTooltip from './components/phone/phone_card';
import FrontdeskPanel from './components/rhs/frontdesk_panel';
import RhsTitle from './components/rhs/rhs_title';
import {withDeliveryLine} from './delivery_marks';
import {currentLocale, msg, translationsFor} from './i18n';
import {createIndicators, IndicatorsContext} from './indicators';
import manifest from './manifest';
import {createMiniChat, MiniChatContext, postFromEvent} from './mini_chat_store';
import {linkPhones} from './phone_links';
import {watchThreadReading} from './thread_reading';
import type {LinkTooltipProps, PluginRegistry} from './types/mattermost-webapp';

export default class Plugin {
    public initialize(registry: PluginRegistry, store: Store<GlobalState>): void {
        registry.registerTranslations(translationsFor);

        // One Changes for the panel, its title and the header badge: a websocket event or a
        // reconnect reloads all three once; the title and the badge share one GET /indicators.
        // The open client cards have their own, so a linked client does not reload the chats.
        const changes = createChanges();
        const clientChanges = createChanges();
        const indicators = createIndicators(changes);
        const withChanges = (node: ReactNode) => (
            <ChangesContext.Provider value={changes}>
                <ClientChangesContext.Provider value={clientChanges}>
                    <IndicatorsContext.Provider value={indicators}>{node}</IndicatorsContext.Provider>
                </ClientChangesContext.Provider>
            </ChangesContext.Provider>
        );
        // F19/F20: the phone card, on tel: links (made by linkPhones below) and on the phones in
        // the panel's client cards, opens the one mini chat window; the websocket's posted events
        // feed the thread it shows.
        const miniChat = createMiniChat();
        const withMiniChat = (node: ReactNode) => <MiniChatContext.Provider value={miniChat}>{node}</MiniChatContext.Provider>;
        const Panel = () => withChanges(withMiniChat(<FrontdeskPanel/>));
        Panel.displayName = 'FrontdeskRHS';

        const {toggleRHSPlugin} = registry.registerRightHandSidebarComponent(Panel, withChanges(<RhsTitle/>));

        registry.registerChannelHeaderButtonAction(
            withChanges(<HeaderIcon/>),
            () => store.dispatch(toggleRHSPlugin),
            <FormattedMessage {...msg('frontdesk.header.button')}/>,
            <FormattedMessage {...msg('frontdesk.header.tooltip')}/>,
        );

        for (const event of CHANGE_EVENTS) {
            registry.registerWebSocketEventHandler(`custom_${manifest.id}_${event}`, () => changes.notify());
        }
        registry.registerWebSocketEventHandler(`custom_${manifest.id}_${CLIENT_CHANGE_EVENT}`, () => clientChanges.notify());
        registry.registerReconnectHandler(() => {
            changes.notify();
            clientChanges.notify();
        });

        this.stopReading = watchThreadReading(store);
        const PhoneTooltip = (props: LinkTooltipProps) => withMiniChat(<PhoneLinkTooltip {...props}/>);
        PhoneTooltip.displayName = 'FrontdeskPhoneCard';
        registry.registerLinkTooltipComponent(PhoneTooltip);
        const MiniChat = () => withMiniChat(<MiniChatWindow/>);
        MiniChat.displayName = 'FrontdeskMiniChat';
        registry.registerRootComponent(MiniChat);
        registry.registerWebSocketEventHandler('posted', (message) => {
            const post = postFromEvent(message.data);
            if (post) {
                miniChat.posted(post);
            }
        });

        // Issue 9: the Frontdesk section of the plugin's System Console page.
        registry.registerAdminConsoleCustomSetting('Connections', ConnectionsSetting, {showTitle: false});

        registry.registerMessageWillFormatHook((post, message) => {
            const state = store.getState();
            return withDeliveryLine(post, linkPhones(message), state, currentLocale(state));
        });
    }

    public uninitialize(): void {
        this.stopReading?.();
    }

    private stopReading?: () => void;
}

declare global {
    interface Window {
        registerPlugin(id: string, plugin: Plugin): void;
    }
}

window.registerPlugin(manifest.id, new Plugin());
