// The host page's redux store: the slice of Mattermost's state Frontdesk reads
// (entities.general.config, entities.users, entities.teams, the posts of an open thread and which
// thread is open) plus what the stand-in registry records and the one post the page draws.
import type {ComponentType, ReactNode} from 'react';
import {applyMiddleware, legacy_createStore as createStore, type Action, type Middleware, type Store} from 'redux';

import type {AdminConsoleSettingProps, MessageHookPost, MessageHookResult, PostEditorActionProps} from '../../../src/types/mattermost-webapp';

export type RhsRegistration = {id: string; pluginId: string; component: ComponentType; title: ReactNode};
export type HeaderButton = {
    id: string;
    pluginId: string;
    icon: ReactNode;
    action: () => void;
    dropdownText: ReactNode;
    tooltipText: ReactNode;
};
export type SocketHandler = {pluginId: string; event: string; handler: (message: SocketMessage) => void};
export type SocketMessage = {event: string; data: Record<string, unknown>; broadcast?: Record<string, unknown>; seq?: number};
export type ReconnectHandler = {pluginId: string; handler: () => void};
export type LinkTooltip = {id: string; pluginId: string; component: ComponentType<{href: string; show?: boolean}>};
export type RootComponent = {id: string; pluginId: string; component: ComponentType};
export type AdminSetting = {pluginId: string; key: string; component: ComponentType<AdminConsoleSettingProps>; showTitle: boolean};
export type FormatHook = {id: string; pluginId: string; hook: (post: HostPost, message: string) => string};
export type AppBarItem = {id: string; pluginId: string; iconUrl: string; action: () => void; tooltipText: ReactNode};
export type PostHook = {id: string; pluginId: string; hook: (post: MessageHookPost) => Promise<MessageHookResult> | MessageHookResult};
export type UpdateHook = {id: string; pluginId: string; hook: (post: MessageHookPost, oldPost: MessageHookPost) => Promise<MessageHookResult> | MessageHookResult};
export type PostAttachment = {id: string; pluginId: string; component: ComponentType<{postId: string}>};
export type EditorAction = {id: string; pluginId: string; component: ComponentType<PostEditorActionProps>};
export type SocketState = 'closed' | 'connecting' | 'open';
export type PluginLoad = {id: string; state: 'loading' | 'loaded' | 'failed'; error?: string};

export type HostPost = {
    id: string;
    root_id: string;
    message: string;
    channel_id?: string;
    user_id?: string;
    create_at?: number;
    type?: string;
    reply_count?: number;
    props?: Record<string, unknown>;
};

export type HostState = {
    entities: {
        general: {config: Record<string, string>};
        users: {currentUserId: string; profiles: Record<string, {id: string; username: string; locale?: string}>};
        teams: {currentTeamId: string; teams: Record<string, {id: string; name: string}>};
        posts: {posts: Record<string, HostPost>; postsInThread: Record<string, string[]>};
    };
    views: {rhs: {pluginRhsId: string | null; selectedPostId: string}};
    // The web app keeps each thread's draft as the storage item comment_draft_<root id>.
    storage: {storage: Record<string, {value: {message: string; rootId: string; channelId: string}; timestamp: number}>};
    host: {
        signedIn: boolean | null;
        plugins: PluginLoad[];
        rhs: RhsRegistration[];
        headerButtons: HeaderButton[];
        translations: Record<string, (locale: string) => Record<string, string>>;
        unsupportedCalls: string[];
        socketHandlers: SocketHandler[];
        reconnectHandlers: ReconnectHandler[];
        formatHooks: FormatHook[];
        linkTooltips: LinkTooltip[];
        rootComponents: RootComponent[];
        // registerAdminConsoleCustomSetting: drawn on the plugin's System Console page (admin_console.tsx).
        adminSettings: AdminSetting[];
        // The post drawn in the centre (window.hostShowPost), its message as the hooks format it.
        shownPost: HostPost | null;
        socket: SocketState;
        socketEvents: number;
        // Where the plugin navigated through window.WebappUtils.browserHistory.
        visited: string[];
        // registerAppBarComponent; drawn in the App Bar when it is on (appBar).
        appBar: AppBarItem[];
        appBarOn: boolean;
        // registerMessageWillBePostedHook and registerPostEditorActionComponent: run and drawn by
        // the open thread's composer (thread.tsx).
        postHooks: PostHook[];
        updateHooks: UpdateHook[];
        editorActions: EditorAction[];
        postAttachments: PostAttachment[];
    };
};

export type HostAction =
    | {type: 'HOST_RECEIVED_CONFIG'; config: Record<string, string>}
    | {type: 'HOST_RECEIVED_ME'; user: {id: string; username: string; locale?: string} | null}
    | {type: 'HOST_PLUGIN'; load: PluginLoad}
    | {type: 'HOST_REGISTERED_RHS'; rhs: RhsRegistration}
    | {type: 'HOST_REGISTERED_HEADER_BUTTON'; button: HeaderButton}
    | {type: 'HOST_REGISTERED_TRANSLATIONS'; pluginId: string; get: (locale: string) => Record<string, string>}
    | {type: 'HOST_UNSUPPORTED_CALL'; call: string}
    | {type: 'HOST_RECEIVED_TEAMS'; teams: {id: string; name: string}[]}
    | {type: 'HOST_REGISTERED_SOCKET_HANDLER'; handler: SocketHandler}
    | {type: 'HOST_REGISTERED_RECONNECT_HANDLER'; handler: ReconnectHandler}
    | {type: 'HOST_REGISTERED_FORMAT_HOOK'; hook: FormatHook}
    | {type: 'HOST_REGISTERED_LINK_TOOLTIP'; tooltip: LinkTooltip}
    | {type: 'HOST_REGISTERED_ROOT_COMPONENT'; root: RootComponent}
    | {type: 'HOST_REGISTERED_ADMIN_SETTING'; setting: AdminSetting}
    | {type: 'HOST_SHOWED_POST'; post: HostPost}
    | {type: 'HOST_SOCKET'; socket: SocketState}
    | {type: 'HOST_SOCKET_EVENT'}
    | {type: 'HOST_VISITED'; path: string}
    | {type: 'HOST_REGISTERED_APP_BAR'; item: AppBarItem}
    | {type: 'HOST_UNREGISTERED_COMPONENT'; id: string}
    | {type: 'HOST_APP_BAR'; on: boolean}
    | {type: 'HOST_REGISTERED_POST_HOOK'; hook: PostHook}
    | {type: 'HOST_REGISTERED_UPDATE_HOOK'; hook: UpdateHook}
    | {type: 'HOST_REGISTERED_EDITOR_ACTION'; action: EditorAction}
    | {type: 'HOST_REGISTERED_POST_ATTACHMENT'; attachment: PostAttachment}
    | {type: 'HOST_DRAFT'; rootId: string; channelId: string; message: string}
    | {type: 'HOST_OPENED_THREAD'; rootId: string; posts: HostPost[]}
    | {type: 'HOST_SHOW_RHS_PLUGIN' | 'HOST_HIDE_RHS_PLUGIN' | 'HOST_TOGGLE_RHS_PLUGIN'; pluginRhsId: string};

export const initialState: HostState = {
    entities: {
        general: {config: {}},
        users: {currentUserId: '', profiles: {}},
        teams: {currentTeamId: '', teams: {}},
        posts: {posts: {}, postsInThread: {}},
    },
    views: {rhs: {pluginRhsId: null, selectedPostId: ''}},
    storage: {storage: {}},
    host: {
        signedIn: null,
        plugins: [],
        rhs: [],
        headerButtons: [],
        translations: {},
        unsupportedCalls: [],
        socketHandlers: [],
        reconnectHandlers: [],
        formatHooks: [],
        linkTooltips: [],
        rootComponents: [],
        adminSettings: [],
        shownPost: null,
        socket: 'closed',
        socketEvents: 0,
        visited: [],
        appBar: [],
        appBarOn: false,
        postHooks: [],
        updateHooks: [],
        editorActions: [],
        postAttachments: [],
    },
};

export function reducer(state: HostState = initialState, action: Action): HostState {
    const a = action as HostAction;
    switch (a.type) {
    case 'HOST_RECEIVED_CONFIG':
        return {...state, entities: {...state.entities, general: {config: a.config}}};
    case 'HOST_RECEIVED_ME': {
        if (!a.user) {
            return {...state, host: {...state.host, signedIn: false}};
        }
        const users = {currentUserId: a.user.id, profiles: {...state.entities.users.profiles, [a.user.id]: a.user}};
        return {...state, entities: {...state.entities, users}, host: {...state.host, signedIn: true}};
    }
    case 'HOST_PLUGIN': {
        const plugins = state.host.plugins.filter((p) => p.id !== a.load.id).concat(a.load);
        return {...state, host: {...state.host, plugins}};
    }
    case 'HOST_REGISTERED_RHS':
        return {...state, host: {...state.host, rhs: [...state.host.rhs, a.rhs]}};
    case 'HOST_REGISTERED_HEADER_BUTTON':
        return {...state, host: {...state.host, headerButtons: [...state.host.headerButtons, a.button]}};
    case 'HOST_REGISTERED_TRANSLATIONS':
        return {...state, host: {...state.host, translations: {...state.host.translations, [a.pluginId]: a.get}}};
    case 'HOST_UNSUPPORTED_CALL':
        return {...state, host: {...state.host, unsupportedCalls: [...state.host.unsupportedCalls, a.call]}};
    case 'HOST_RECEIVED_TEAMS': {
        // The first team stands for the team the user is looking at.
        const teams = Object.fromEntries(a.teams.map((t) => [t.id, {id: t.id, name: t.name}]));
        return {...state, entities: {...state.entities, teams: {currentTeamId: a.teams[0]?.id ?? '', teams}}};
    }
    case 'HOST_REGISTERED_SOCKET_HANDLER':
        return {...state, host: {...state.host, socketHandlers: [...state.host.socketHandlers, a.handler]}};
    case 'HOST_REGISTERED_RECONNECT_HANDLER':
        return {...state, host: {...state.host, reconnectHandlers: [...state.host.reconnectHandlers, a.handler]}};
    case 'HOST_REGISTERED_FORMAT_HOOK':
        return {...state, host: {...state.host, formatHooks: [...state.host.formatHooks, a.hook]}};
    case 'HOST_REGISTERED_LINK_TOOLTIP':
        return {...state, host: {...state.host, linkTooltips: [...state.host.linkTooltips, a.tooltip]}};
    case 'HOST_REGISTERED_ROOT_COMPONENT':
        return {...state, host: {...state.host, rootComponents: [...state.host.rootComponents, a.root]}};
    case 'HOST_REGISTERED_ADMIN_SETTING': {
        // Like the web app: one component per plugin and key, the key compared in lower case.
        const others = state.host.adminSettings.filter((x) => x.pluginId !== a.setting.pluginId || x.key !== a.setting.key);
        return {...state, host: {...state.host, adminSettings: [...others, a.setting]}};
    }
    case 'HOST_SHOWED_POST':
        return {...state, host: {...state.host, shownPost: a.post}};
    case 'HOST_SOCKET':
        return {...state, host: {...state.host, socket: a.socket}};
    case 'HOST_SOCKET_EVENT':
        return {...state, host: {...state.host, socketEvents: state.host.socketEvents + 1}};
    case 'HOST_VISITED':
        return {...state, host: {...state.host, visited: [...state.host.visited, a.path]}};
    case 'HOST_REGISTERED_APP_BAR':
        return {...state, host: {...state.host, appBar: [...state.host.appBar, a.item]}};
    case 'HOST_UNREGISTERED_COMPONENT':
        return {
            ...state,
            host: {
                ...state.host,
                appBar: state.host.appBar.filter((x) => x.id !== a.id),
                editorActions: state.host.editorActions.filter((x) => x.id !== a.id),
                postAttachments: state.host.postAttachments.filter((x) => x.id !== a.id),
                postHooks: state.host.postHooks.filter((x) => x.id !== a.id),
                rootComponents: state.host.rootComponents.filter((x) => x.id !== a.id),
            },
        };
    case 'HOST_APP_BAR':
        return {...state, host: {...state.host, appBarOn: a.on}};
    case 'HOST_REGISTERED_POST_HOOK':
        return {...state, host: {...state.host, postHooks: [...state.host.postHooks, a.hook]}};
    case 'HOST_REGISTERED_UPDATE_HOOK':
        return {...state, host: {...state.host, updateHooks: [...state.host.updateHooks, a.hook]}};
    case 'HOST_REGISTERED_EDITOR_ACTION':
        return {...state, host: {...state.host, editorActions: [...state.host.editorActions, a.action]}};
    case 'HOST_REGISTERED_POST_ATTACHMENT':
        return {...state, host: {...state.host, postAttachments: [...state.host.postAttachments, a.attachment]}};
    case 'HOST_DRAFT': {
        const item = {value: {message: a.message, rootId: a.rootId, channelId: a.channelId}, timestamp: Date.now()};
        return {...state, storage: {storage: {...state.storage.storage, [`comment_draft_${a.rootId}`]: item}}};
    }
    case 'HOST_OPENED_THREAD': {
        // Like the web app: the thread's posts are in entities.posts, its replies listed under
        // postsInThread, and views.rhs.selectedPostId names the thread shown.
        const posts = {...state.entities.posts.posts, ...Object.fromEntries(a.posts.map((p) => [p.id, p]))};
        const replies = a.posts.filter((p) => p.root_id === a.rootId).map((p) => p.id);
        const postsInThread = {...state.entities.posts.postsInThread, [a.rootId]: replies};
        return {
            ...state,
            entities: {...state.entities, posts: {posts, postsInThread}},
            views: {rhs: {...state.views.rhs, selectedPostId: a.rootId}},
        };
    }
    case 'HOST_SHOW_RHS_PLUGIN':
        return {...state, views: {rhs: {...state.views.rhs, pluginRhsId: a.pluginRhsId}}};
    case 'HOST_HIDE_RHS_PLUGIN':
        return state.views.rhs.pluginRhsId === a.pluginRhsId ? {...state, views: {rhs: {...state.views.rhs, pluginRhsId: null}}} : state;
    case 'HOST_TOGGLE_RHS_PLUGIN': {
        const open = state.views.rhs.pluginRhsId === a.pluginRhsId;
        return {...state, views: {rhs: {...state.views.rhs, pluginRhsId: open ? null : a.pluginRhsId}}};
    }
    default:
        return state;
    }
}

// formatMessage is the message the web app would render as Markdown for a post: the plugins'
// format hooks applied in turn, each to the message the previous one returned.
export function formatMessage(state: HostState, post: HostPost): string {
    return state.host.formatHooks.reduce((message, h) => h.hook(post, message), post.message);
}

// runPostHooks passes the post through every MessageWillBePosted hook in turn, as the web app
// does before sending: the first error stops it and is what the composer shows.
export async function runPostHooks(state: HostState, post: MessageHookPost): Promise<MessageHookResult> {
    let current = post;
    for (const h of state.host.postHooks) {
        const result = await h.hook(current);
        if (result && 'error' in result && result.error) {
            return {error: result.error};
        }
        if (result && 'post' in result && result.post) {
            current = result.post;
        }
    }
    return {post: current};
}

// Mattermost's store runs thunks; plugins may dispatch functions, so this one does too.
const thunk: Middleware = (api) => (next) => (action) => {
    if (typeof action === 'function') {
        return action(api.dispatch, api.getState);
    }
    return next(action);
};

export function createHostStore(): Store<HostState> {
    return createStore(reducer, applyMiddleware(thunk));
}
