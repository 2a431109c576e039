// What the host page draws: a channel header with the plugins' buttons, a centre with the
// page's own notes and the shown post, the right-hand sidebar showing the open plugin component,
// and the plugins' root components.
import React, {Component, useEffect, useState, type ErrorInfo, type ReactNode} from 'react';
import {IntlProvider} from 'react-intl';
import {useSelector} from 'react-redux';

import AdminConsolePage, {adminPluginId} from './admin_console';
import ShownPost from './post';
import type {HostState} from './store';
import ThreadView from './thread';

export default function Shell() {
    const locale = useSelector(currentLocale);
    const translations = useSelector((s: HostState) => s.host.translations);
    const adminPlugin = adminPluginId(window.location.pathname);
    const messages = Object.values(translations).reduce<Record<string, string>>(
        (all, get) => ({...all, ...get(locale)}),
        {},
    );

    return (
        <IntlProvider
            locale={locale}
            messages={messages}
        >
            {adminPlugin ? (
                // The System Console has no channel header and no right-hand sidebar.
                <div className='host host-admin-page'>
                    <AdminConsolePage pluginId={adminPlugin}/>
                    <RootComponents/>
                </div>
            ) : (
                <div className='host'>
                    <ChannelHeader/>
                    <Center/>
                    <RightHandSidebar/>
                    <AppBar/>
                    <RootComponents/>
                </div>
            )}
        </IntlProvider>
    );
}

function currentLocale(s: HostState): string {
    const me = s.entities.users.profiles[s.entities.users.currentUserId];
    return me?.locale || 'en';
}

// Like the web app: with the App Bar on, a plugin that registered an App Bar icon has no channel
// header button, and the other plugins' header buttons move into the App Bar.
function ChannelHeader() {
    const all = useSelector((s: HostState) => s.host.headerButtons);
    const appBarOn = useSelector((s: HostState) => s.host.appBarOn);
    const buttons = appBarOn ? [] : all;
    const openRhs = useSelector((s: HostState) => s.views.rhs.pluginRhsId);
    const rhs = useSelector((s: HostState) => s.host.rhs);
    return (
        <header
            className='host-header'
            data-testid='host-channel-header'
        >
            <h1>{'Town Square — Frontdesk host page (stands in for the Mattermost web app)'}</h1>
            <TabTitle/>
            {buttons.map((b) => (
                <button
                    key={b.id}
                    type='button'
                    data-testid='host-channel-header-button'
                    data-plugin-id={b.pluginId}
                    aria-pressed={rhs.some((r) => r.pluginId === b.pluginId && r.id === openRhs)}
                    title={typeof b.tooltipText === 'string' ? b.tooltipText : undefined}
                    onClick={() => b.action()}
                >
                    {b.icon}
                    <span>{b.dropdownText}</span>
                </button>
            ))}
        </header>
    );
}

function Center() {
    const plugins = useSelector((s: HostState) => s.host.plugins);
    const signedIn = useSelector((s: HostState) => s.host.signedIn);
    const socket = useSelector((s: HostState) => s.host.socket);
    const socketEvents = useSelector((s: HostState) => s.host.socketEvents);
    const visited = useSelector((s: HostState) => s.host.visited);
    const thread = useSelector((s: HostState) => s.views.rhs.selectedPostId);
    const replies = useSelector((s: HostState) => s.entities.posts.postsInThread[thread]?.length ?? 0);
    return (
        <main className='host-center'>
            <p className='host-note'>
                {'This page stands in for the Mattermost web app, which is not available here. It loads the real ' +
                 'plugin bundles from the real Mattermost server and implements the part of the plugin registry ' +
                 'they use.'}
            </p>
            {signedIn === false && (
                <p
                    className='host-error'
                    data-testid='host-signed-out'
                >
                    {'Not signed in: log in through POST /api/v4/users/login first.'}
                </p>
            )}
            <ul
                className='host-plugins'
                data-testid='host-plugins'
            >
                {plugins.map((p) => (
                    <li
                        key={p.id}
                        data-testid={`host-plugin-${p.id}`}
                        data-state={p.state}
                    >
                        {`${p.id}: ${p.state}${p.error ? ` (${p.error})` : ''}`}
                    </li>
                ))}
            </ul>
            <p
                data-testid='host-socket'
                data-state={socket}
                data-events={socketEvents}
            >
                {`Websocket: ${socket}, ${socketEvents} events`}
            </p>
            {visited.length > 0 && (
                <p
                    data-testid='host-visited'
                    data-path={visited[visited.length - 1]}
                >
                    {`The plugin opened ${visited[visited.length - 1]} (the web app would show that thread here).`}
                </p>
            )}
            <ShownPost/>
            <ThreadView/>
            {thread && (
                <p
                    data-testid='host-thread'
                    data-post-id={thread}
                >
                    {`Thread ${thread} is open with ${replies} replies (the web app would show it in the right-hand sidebar).`}
                </p>
            )}
        </main>
    );
}

// The browser tab's title, drawn so a screenshot shows what the tab would.
function TabTitle() {
    const [title, setTitle] = useState(document.title);
    useEffect(() => {
        const observer = new MutationObserver(() => setTitle(document.title));
        observer.observe(document.head, {subtree: true, childList: true, characterData: true});
        setTitle(document.title);
        return () => observer.disconnect();
    }, []);
    return (
        <span
            className='host-tab-title'
            data-testid='host-tab-title'
        >
            {`Browser tab: ${title}`}
        </span>
    );
}

// The App Bar, at the right edge as in the web app (on with ?appbar=on, as when the System
// Console leaves it enabled): the plugins' App Bar icons, then the header buttons of plugins
// without one.
function AppBar() {
    const on = useSelector((s: HostState) => s.host.appBarOn);
    const items = useSelector((s: HostState) => s.host.appBar);
    const buttons = useSelector((s: HostState) => s.host.headerButtons);
    const openRhs = useSelector((s: HostState) => s.views.rhs.pluginRhsId);
    const rhs = useSelector((s: HostState) => s.host.rhs);
    if (!on) {
        return null;
    }
    const moved = buttons.filter((b) => !items.some((i) => i.pluginId === b.pluginId));
    const active = (pluginId: string) => rhs.some((r) => r.pluginId === pluginId && r.id === openRhs);
    return (
        <nav
            className='host-app-bar'
            data-testid='host-app-bar'
        >
            {items.map((i) => (
                <button
                    key={i.id}
                    type='button'
                    className='host-app-bar-icon'
                    data-testid='host-app-bar-icon'
                    data-plugin-id={i.pluginId}
                    aria-pressed={active(i.pluginId)}
                    title={typeof i.tooltipText === 'string' ? i.tooltipText : undefined}
                    onClick={() => i.action()}
                >
                    <img
                        src={i.iconUrl}
                        alt={i.pluginId}
                        width={24}
                        height={24}
                    />
                    <span className='host-app-bar-tooltip'>{i.tooltipText}</span>
                </button>
            ))}
            {moved.map((b) => (
                <button
                    key={b.id}
                    type='button'
                    className='host-app-bar-icon'
                    data-testid='host-app-bar-header-button'
                    data-plugin-id={b.pluginId}
                    onClick={() => b.action()}
                >
                    {b.icon}
                </button>
            ))}
        </nav>
    );
}

function RightHandSidebar() {
    const openId = useSelector((s: HostState) => s.views.rhs.pluginRhsId);
    const rhs = useSelector((s: HostState) => s.host.rhs.find((r) => r.id === openId));
    if (!rhs) {
        return null;
    }
    const Body = rhs.component;
    return (
        <aside
            className='host-rhs'
            data-testid='host-rhs'
            data-plugin-id={rhs.pluginId}
        >
            <div className='host-rhs-header'>
                <span data-testid='host-rhs-title'>{rhs.title}</span>
            </div>
            <PluginErrorBoundary pluginId={rhs.pluginId}>
                <Body/>
            </PluginErrorBoundary>
        </aside>
    );
}

// The plugins' root components, always drawn, as the web app does for their floating windows.
function RootComponents() {
    const roots = useSelector((s: HostState) => s.host.rootComponents);
    return (
        <>
            {roots.map((r) => (
                <PluginErrorBoundary
                    key={r.id}
                    pluginId={r.pluginId}
                >
                    <r.component/>
                </PluginErrorBoundary>
            ))}
        </>
    );
}

// Like the web app, a crashing plugin component must not take the page down; the error is
// logged so the browser test reports it.
class PluginErrorBoundary extends Component<{pluginId: string; children: ReactNode}, {failed: boolean}> {
    state = {failed: false};

    static getDerivedStateFromError() {
        return {failed: true};
    }

    componentDidCatch(error: Error, info: ErrorInfo) {
        // eslint-disable-next-line no-console
        console.error(`host page: plugin ${this.props.pluginId} component crashed: ${error.message}`, info.componentStack);
    }

    render() {
        if (this.state.failed) {
            return (
                <p
                    className='host-error'
                    data-testid='host-plugin-crashed'
                >
                    {`Plugin ${this.props.pluginId} crashed.`}
                </p>
            );
        }
        return this.props.children;
    }
}
