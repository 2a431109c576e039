// Opening a chat's thread the way plugins do: the web app's router when it lends it to plugins
// (window.WebappUtils.browserHistory), else a full page load of the permalink.

declare global {
    interface Window {
        WebappUtils?: {browserHistory?: {push(path: string): void}};
    }
}

// The slice of the web app's state that names the current team.
export type TeamState = {
    entities: {
        teams?: {
            currentTeamId?: string;
            teams?: Record<string, {name: string} | undefined>;
        };
    };
};

export function currentTeamName(state: TeamState): string {
    const teams = state.entities.teams;
    return teams?.teams?.[teams.currentTeamId ?? '']?.name ?? '';
}

// permalinkPath is the thread's permalink within the team; without a team Mattermost's
// /_redirect route finds the post's team itself.
export function permalinkPath(teamName: string, postId: string): string {
    return `/${teamName ? encodeURIComponent(teamName) : '_redirect'}/pl/${encodeURIComponent(postId)}`;
}

// openPath navigates inside the web app; base is the subpath of a subpath install (or '' / a
// full site URL, of which only the path matters to the router).
export function openPath(base: string, path: string): void {
    const history = window.WebappUtils?.browserHistory;
    if (history) {
        history.push(path);
        return;
    }
    window.location.assign(base + path);
}
