// The stand-in plugin registry: the methods Frontdesk calls, recorded in the host store and
// rendered by the shell. Any other method a plugin calls is reported as a console error, so the
// browser test fails loudly when the plugin starts using something this page does not implement.
import type {Store} from 'redux';

import type {PluginRegistry} from '../../../src/types/mattermost-webapp';

import type {HostState} from './store';

let nextId = 0;
function uniqueId(pluginId: string): string {
    nextId += 1;
    return `${pluginId}_${nextId}`;
}

export function createRegistry(pluginId: string, store: Store<HostState>): PluginRegistry {
    const registry: PluginRegistry = {
        registerRightHandSidebarComponent(component, title) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_RHS', rhs: {id, pluginId, component, title}});
            return {
                id,
                showRHSPlugin: {type: 'HOST_SHOW_RHS_PLUGIN', pluginRhsId: id},
                hideRHSPlugin: {type: 'HOST_HIDE_RHS_PLUGIN', pluginRhsId: id},
                toggleRHSPlugin: {type: 'HOST_TOGGLE_RHS_PLUGIN', pluginRhsId: id},
            };
        },
        registerChannelHeaderButtonAction(icon, action, dropdownText, tooltipText) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_HEADER_BUTTON', button: {id, pluginId, icon, action, dropdownText, tooltipText}});
            return id;
        },
        registerTranslations(getTranslationsForLocale) {
            store.dispatch({type: 'HOST_REGISTERED_TRANSLATIONS', pluginId, get: getTranslationsForLocale});
        },
        // Called by the page's websocket (websocket.ts) for every event of that name, as the web app does.
        registerWebSocketEventHandler(event, handler) {
            store.dispatch({type: 'HOST_REGISTERED_SOCKET_HANDLER', handler: {pluginId, event, handler}});
        },
        registerReconnectHandler(handler) {
            store.dispatch({type: 'HOST_REGISTERED_RECONNECT_HANDLER', handler: {pluginId, handler}});
        },
        // Run by window.hostFormatMessage (host.tsx) the way the web app runs them before rendering a post.
        registerMessageWillFormatHook(hook) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_FORMAT_HOOK', hook: {id, pluginId, hook}});
            return id;
        },
        // Drawn by the shell in the tooltip of a link in the shown post, as the web app does.
        registerLinkTooltipComponent(component) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_LINK_TOOLTIP', tooltip: {id, pluginId, component}});
            return id;
        },
        registerRootComponent(component) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_ROOT_COMPONENT', root: {id, pluginId, component}});
            return id;
        },
        // Drawn on /admin_console/plugins/plugin_<id> for the settings_schema entry of type
        // "custom" with this key (admin_console.tsx), as the web app's System Console does.
        registerAdminConsoleCustomSetting(key, component, options) {
            const setting = {pluginId, key: key.toLowerCase(), component, showTitle: options?.showTitle ?? false};
            store.dispatch({type: 'HOST_REGISTERED_ADMIN_SETTING', setting});
        },
        // Drawn in the App Bar (shell.tsx) when it is on; like the web app, a plugin with an App Bar
        // icon then has no channel header button.
        registerAppBarComponent(options) {
            const id = uniqueId(pluginId);
            const {iconUrl, action, tooltipText} = options;
            store.dispatch({type: 'HOST_REGISTERED_APP_BAR', item: {id, pluginId, iconUrl, action, tooltipText}});
            return id;
        },
        unregisterComponent(id) {
            store.dispatch({type: 'HOST_UNREGISTERED_COMPONENT', id});
        },
        // Run in turn by the open thread's composer before it posts (runPostHooks in store.ts).
        registerMessageWillBePostedHook(hook) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_POST_HOOK', hook: {id, pluginId, hook}});
            return id;
        },
        // Drawn under each post of the open thread with its id (thread.tsx), as the web app draws
        // them under every post.
        registerPostMessageAttachmentComponent(component) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_POST_ATTACHMENT', attachment: {id, pluginId, component}});
            return id;
        },
        // Recorded: the page has no edit box to run it from.
        registerMessageWillBeUpdatedHook(hook) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_UPDATE_HOOK', hook: {id, pluginId, hook}});
            return id;
        },
        // Drawn in the formatting bar of the open thread's composer with its draft (thread.tsx).
        registerPostEditorActionComponent(component) {
            const id = uniqueId(pluginId);
            store.dispatch({type: 'HOST_REGISTERED_EDITOR_ACTION', action: {id, pluginId, component}});
            return id;
        },
    };

    return new Proxy(registry, {
        get(target, prop, receiver) {
            if (typeof prop === 'string' && !(prop in target)) {
                return () => {
                    const call = `${pluginId}: registry.${prop}`;
                    store.dispatch({type: 'HOST_UNSUPPORTED_CALL', call});
                    // eslint-disable-next-line no-console
                    console.error(`host page: ${call} is not implemented by the stand-in registry`);
                    return uniqueId(pluginId);
                };
            }
            return Reflect.get(target, prop, receiver);
        },
    });
}
