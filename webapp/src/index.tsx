// Registration only: every behaviour lives in components/ and client/.
import React, {type ReactNode} from 'react';
import type {GlobalState} from '@mattermost/types/store';
import {createIntl, FormattedMessage} from 'react-intl';
import type {Store} from 'redux';

import {keepTitle, watchAppBar, watchTitle} from './app_bar';
import {CHANGE_EVENTS, CLIENT_CHANGE_EVENT, ChangesContext, ClientChangesContext, createChanges} from './changes';
import {ChatInfoContext, createChatInfo} from './chat_info';
import {baseURL} from './client/base_url';
import {messageWillBePosted, messageWillBeUpdated} from './composer';
import ChatComposerBar from './components/composer/chat_composer_bar';
import ThreadNotice from './components/composer/thread_notice';
import ConnectionsSetting from './components/admin/connections_setting';
import HeaderIcon from './components/header_icon';
import MiniChatWindow from './components/phone/mini_chat';
import PhoneLinkTooltip from './components/phone/phone_card';
import FrontdeskPanel from './components/rhs/frontdesk_panel';
import RhsTitle from './components/rhs/rhs_title';
import {withDeliveryLine} from './delivery_marks';
import {currentLocale, msg, translationsFor} from './i18n';
import {createIndicators, forUsersOfChats, IndicatorsContext} from './indicators';
import manifest from './manifest';
import {createListEvents, ListEventsContext} from './list_events';
import {createMiniChat, MiniChatContext, postFromEvent} from './mini_chat_store';
import {linkPhones} from './phone_links';
import {watchThreadReading} from './thread_reading';
import type {LinkTooltipProps, PluginRegistry, PostEditorActionProps} from './types/mattermost-webapp';

export default class Plugin {
    public initialize(registry: PluginRegistry, store: Store<GlobalState>): void {
        registry.registerTranslations(translationsFor);

        // One Changes for the panel, its title and the header badge: a websocket event or a
        // reconnect reloads all three once; the title and the badge share one GET /indicators.
        // The open client cards have their own, so a linked client does not reload the chats.
        const changes = createChanges();
        const clientChanges = createChanges();
        // The chats list updates the rows the websocket names; the composer's check and banner
        // keep each chat's window and sync state (issue 10), and the user's GET /me.
        const listEvents = createListEvents();
        const chatInfo = createChatInfo();
        // A user who may not use chats (F2) sees no count anywhere.
        const indicators = createIndicators(changes, forUsersOfChats(chatInfo));
        const withChanges = (node: ReactNode) => (
            <ChangesContext.Provider value={changes}>
                <ClientChangesContext.Provider value={clientChanges}>
                    <IndicatorsContext.Provider value={indicators}>
                        <ListEventsContext.Provider value={listEvents}>
                            <ChatInfoContext.Provider value={chatInfo}>{node}</ChatInfoContext.Provider>
                        </ListEventsContext.Provider>
                    </IndicatorsContext.Provider>
                </ClientChangesContext.Provider>
            </ChangesContext.Provider>
        );
        // F19/F20: the phone card, on tel: links (made by linkPhones below) and on the phones in
        // the panel's client cards, opens the one mini chat window; the websocket's posted events
        // feed the thread it shows.
        const miniChat = createMiniChat();
        const withMiniChat = (node: ReactNode) => (
            <MiniChatContext.Provider value={miniChat}>
                <ChatInfoContext.Provider value={chatInfo}>{node}</ChatInfoContext.Provider>
            </MiniChatContext.Provider>
        );
        const Panel = () => withChanges(withMiniChat(<FrontdeskPanel/>));
        Panel.displayName = 'FrontdeskRHS';

        const {toggleRHSPlugin} = registry.registerRightHandSidebarComponent(Panel, withChanges(<RhsTitle/>));

        // Where the App Bar is on, the web app shows this icon and hides the channel header
        // button of a plugin that has one; where it is off, the header button stays.
        registry.registerChannelHeaderButtonAction(
            withChanges(<HeaderIcon/>),
            () => store.dispatch(toggleRHSPlugin),
            <FormattedMessage {...msg('frontdesk.header.button')}/>,
            <FormattedMessage {...msg('frontdesk.header.tooltip')}/>,
        );
        const base = baseURL(store.getState());
        const stops: Array<() => void> = [];
        if (registry.registerAppBarComponent) {
            let appBarId = '';
            stops.push(watchAppBar(indicators, base, (iconUrl) => {
                if (appBarId) {
                    registry.unregisterComponent?.(appBarId);
                }
                appBarId = registry.registerAppBarComponent?.({
                    iconUrl,
                    action: () => store.dispatch(toggleRHSPlugin),
                    tooltipText: <FormattedMessage {...msg('frontdesk.appbar.tooltip')}/>,
                    supportedProductIds: null,
                }) ?? '';
            }));
        }
        stops.push(watchTitle(indicators, base, keepTitle(document), (count) => {
            const locale = currentLocale(store.getState());
            return createIntl({locale, messages: translationsFor(locale)}).formatMessage(msg('frontdesk.title.unread'), {count});
        }));
        this.stops = stops;

        // A reply in a chat's thread is checked before it is posted; under the thread's latest
        // post the banner and the character counter show, and its composer has the quick replies.
        registry.registerMessageWillBePostedHook(messageWillBePosted(store, chatInfo));
        registry.registerMessageWillBeUpdatedHook?.(messageWillBeUpdated(store, chatInfo));
        const Notice = ({postId}: {postId: string}) => withChanges(<ThreadNotice postId={postId}/>);
        Notice.displayName = 'FrontdeskThreadNotice';
        registry.registerPostMessageAttachmentComponent(Notice);
        if (registry.registerPostEditorActionComponent) {
            const ComposerBar = (props: PostEditorActionProps) => withChanges(<ChatComposerBar {...props}/>);
            ComposerBar.displayName = 'FrontdeskComposer';
            registry.registerPostEditorActionComponent(ComposerBar);
        }

        // One handler per event (the web app keeps one per plugin and event).
        for (const event of CHANGE_EVENTS) {
            registry.registerWebSocketEventHandler(`custom_${manifest.id}_${event}`, (message) => {
                changes.notify();
                const conversationId = typeof message.data?.conversation_id === 'string' ? message.data.conversation_id : '';
                const connectionId = typeof message.data?.connection_id === 'string' ? message.data.connection_id : '';
                if (conversationId) {
                    listEvents.conversation(conversationId);
                    chatInfo.changed(conversationId);
                }
                if (event === 'connection_changed' && connectionId) {
                    listEvents.connection(connectionId, message.data?.sync_lost === true);
                    chatInfo.connectionChanged(connectionId);
                }
            });
        }
        registry.registerWebSocketEventHandler(`custom_${manifest.id}_${CLIENT_CHANGE_EVENT}`, () => clientChanges.notify());
        registry.registerReconnectHandler(() => {
            changes.notify();
            clientChanges.notify();
            listEvents.reload();
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
        for (const stop of this.stops) {
            stop();
        }
    }

    private stopReading?: () => void;
    private stops: Array<() => void> = [];
}

declare global {
    interface Window {
        registerPlugin(id: string, plugin: Plugin): void;
    }
}

window.registerPlugin(manifest.id, new Plugin());
