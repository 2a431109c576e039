import {currentTeamName, openPath, permalinkPath} from './navigate';

afterEach(() => {
    delete window.WebappUtils;
});

describe('navigation to a chat thread', () => {
    test('builds the permalink in the current team, or lets Mattermost find the team', () => {
        expect(permalinkPath('repair-shop', 'p1')).toBe('/repair-shop/pl/p1');
        expect(permalinkPath('', 'p1')).toBe('/_redirect/pl/p1');
    });

    test('reads the current team name from the web app state', () => {
        const state = {entities: {teams: {currentTeamId: 't1', teams: {t1: {name: 'repair-shop'}}}}};
        expect(currentTeamName(state)).toBe('repair-shop');
        expect(currentTeamName({entities: {teams: {currentTeamId: 'gone', teams: {}}}})).toBe('');
        expect(currentTeamName({entities: {}})).toBe('');
    });

    test('uses the router the web app lends to plugins', () => {
        const push = vi.fn();
        window.WebappUtils = {browserHistory: {push}};

        openPath('http://mattermost.test:8065', '/repair-shop/pl/p1');

        expect(push).toHaveBeenCalledWith('/repair-shop/pl/p1');
    });
});
