// Where the Mattermost server lives, as the web app sees it.
import type {ClientConfig} from '@mattermost/types/config';

declare global {
    interface Window {
        basename?: string;
    }
}

// The slice of Mattermost's GlobalState the plugin reads; kept narrow so tests and the
// stand-in host page need not build the whole web app state.
export type SiteState = {
    entities: {
        general: {
            config: Partial<Pick<ClientConfig, 'SiteURL'>>;
        };
    };
};

// baseURL prefers the configured SiteURL, then the web app's basename (a subpath install),
// else same origin.
export function baseURL(state: SiteState): string {
    const url = state.entities.general.config.SiteURL || window.basename || '';
    return url.replace(/\/+$/, '');
}
