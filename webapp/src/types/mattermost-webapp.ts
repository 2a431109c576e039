// The part of the Mattermost web app's plugin registry Frontdesk uses, typed after the
// registry the web app passes to initialize(). Add methods here as the plugin starts using them.
import type {ComponentType, ReactNode} from 'react';
import type {Action} from 'redux';

import type {ThreadPost} from '../delivery_marks';

export type RhsActions = {
    id: string;
    showRHSPlugin: Action;
    hideRHSPlugin: Action;
    toggleRHSPlugin: Action;
};

export interface PluginRegistry {
    registerRightHandSidebarComponent(component: ComponentType, title: ReactNode): RhsActions;
    registerChannelHeaderButtonAction(
        icon: ReactNode,
        action: () => void,
        dropdownText: ReactNode,
        tooltipText: ReactNode,
    ): string;
    registerTranslations(getTranslationsForLocale: (locale: string) => Record<string, string>): void;
    // The handler gets the whole event; the plugin's own events are named custom_<plugin id>_<name>.
    registerWebSocketEventHandler(event: string, handler: (message: WebSocketMessage) => void): void;
    // Called after the web app's websocket reconnects: events may have been missed meanwhile.
    registerReconnectHandler(handler: () => void): void;
    // Called with each post and its message before the message is rendered as Markdown; returns
    // the message to render. The post itself is not changed.
    registerMessageWillFormatHook(hook: (post: ThreadPost, message: string) => string): string;
    // Rendered inside the tooltip of every link in a post the pointer rests on, with the link's
    // href (and, in older web apps, show: whether the tooltip is open); returns null for links it
    // has nothing to say about.
    registerLinkTooltipComponent(component: ComponentType<LinkTooltipProps>): string;
    // Rendered once, always, at the root of the web app: for the plugin's own floating windows.
    registerRootComponent(component: ComponentType): string;
    // Draws the plugin's settings_schema entry of type "custom" with this key on the plugin's
    // System Console page (showTitle: whether the page draws the setting's display_name beside it).
    registerAdminConsoleCustomSetting(key: string, component: ComponentType<AdminConsoleSettingProps>, options?: {showTitle?: boolean}): void;
    // An icon in the App Bar (the web app's right-hand strip, where channel header buttons move
    // when it is on): an image URL, the action on click and its tooltip. Returns its id.
    registerAppBarComponent?(options: AppBarOptions): string;
    // Removes a component registered before, by the id its registration returned.
    unregisterComponent?(id: string): void;
    // Called with a post the user is about to send, before it goes to the server: answer {post}
    // to let it go (changed or not) or {error: {message}} to refuse it; the web app then shows
    // the message and keeps the draft in the composer.
    registerMessageWillBePostedHook(hook: (post: MessageHookPost) => Promise<MessageHookResult> | MessageHookResult): string;
    // Called with an edited post and the post before the edit, before the edit is saved; answers
    // like registerMessageWillBePostedHook's hook, and the web app keeps the edit box on an error.
    registerMessageWillBeUpdatedHook?(hook: (post: MessageHookPost, oldPost: MessageHookPost) => Promise<MessageHookResult> | MessageHookResult): string;
    // Drawn under the message of every post the web app shows, given the post's id.
    registerPostMessageAttachmentComponent(component: ComponentType<{postId: string}>): string;
    // Drawn in the formatting bar of every message composer, given the draft and a way to
    // replace its text.
    registerPostEditorActionComponent?(component: ComponentType<PostEditorActionProps>): string;
}

export type AppBarOptions = {
    iconUrl: string;
    action: () => void;
    tooltipText: ReactNode;
    supportedProductIds?: string | null;
};

export type MessageHookPost = {message: string; channel_id?: string; root_id?: string; type?: string; props?: Record<string, unknown>};
export type MessageHookResult = {post: MessageHookPost} | {error: {message: string}};

export type PostEditorActionProps = {
    draft?: {message?: string; rootId?: string; channelId?: string};
    getSelectedText?: () => {start?: number; end?: number};
    updateText?: (message: string) => void;
};

// The props the System Console gives a custom setting's component.
export type AdminConsoleSettingProps = {
    id: string;
    label: string;
    helpText: ReactNode;
    value: unknown;
    disabled: boolean;
    config: Record<string, unknown>;
    license: Record<string, unknown>;
    setByEnv: boolean;
    onChange: (id: string, value: unknown) => void;
    setSaveNeeded: () => void;
    registerSaveAction: (action: () => Promise<{error?: {message?: string}}>) => void;
    unRegisterSaveAction: (action: () => Promise<{error?: {message?: string}}>) => void;
};

export type LinkTooltipProps = {href: string; show?: boolean};

export type WebSocketMessage = {
    event: string;
    data: Record<string, unknown>;
    broadcast?: {channel_id?: string; user_id?: string; team_id?: string};
    seq?: number;
};
