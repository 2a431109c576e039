// Renders a component the way the Mattermost web app does: inside its redux Provider and its
// react-intl provider carrying the plugin's registered English strings.
import {render, type RenderResult} from '@testing-library/react';
import React, {type ReactElement} from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';
import {legacy_createStore as createStore} from 'redux';

import {ChangesContext, ClientChangesContext, type Changes} from '../src/changes';
import {translationsFor} from '../src/i18n';
import {ChatInfoContext, type ChatInfo} from '../src/chat_info';
import {IndicatorsContext, type SharedIndicators} from '../src/indicators';
import {ListEventsContext, type ListEvents} from '../src/list_events';

export const siteURL = 'http://mattermost.test:8065';

export const hostState = {
    entities: {
        general: {config: {SiteURL: siteURL}},
        users: {
            currentUserId: 'user1',
            profiles: {user1: {id: 'user1', username: 'alice', first_name: 'Alice', last_name: 'Smith'}} as Record<string, unknown>,
        },
        teams: {currentTeamId: 'team1', teams: {team1: {id: 'team1', name: 'repair-shop'}}},
    },
};

// renderInHost provides Changes, client changes and shared indicators only when given: without them a component
// stands alone, nothing changes and each badge loads its own count.
export function renderInHost(
    ui: ReactElement,
    options: {changes?: Changes; clientChanges?: Changes; indicators?: SharedIndicators; listEvents?: ListEvents; chatInfo?: ChatInfo; state?: unknown} = {},
): RenderResult {
    const state = (options.state ?? hostState) as typeof hostState;
    const store = createStore((s: typeof hostState = state) => s);
    const info = options.chatInfo ? <ChatInfoContext.Provider value={options.chatInfo}>{ui}</ChatInfoContext.Provider> : ui;
    const events = options.listEvents ? <ListEventsContext.Provider value={options.listEvents}>{info}</ListEventsContext.Provider> : info;
    const cards = options.clientChanges ? <ClientChangesContext.Provider value={options.clientChanges}>{events}</ClientChangesContext.Provider> : events;
    const shared = options.indicators ? <IndicatorsContext.Provider value={options.indicators}>{cards}</IndicatorsContext.Provider> : cards;
    const wrapped = options.changes ? <ChangesContext.Provider value={options.changes}>{shared}</ChangesContext.Provider> : shared;
    return render(
        <Provider store={store}>
            <IntlProvider
                locale='en'
                messages={translationsFor('en')}
            >
                {wrapped}
            </IntlProvider>
        </Provider>,
    );
}
