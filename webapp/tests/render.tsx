// Renders a component the way the Mattermost web app does: inside its redux Provider and its
// react-intl provider carrying the plugin's registered English strings.
import {render, type RenderResult} from '@testing-library/react';
import React, {type ReactElement} from 'react';
import {IntlProvider} from 'react-intl';
import {Provider} from 'react-redux';
import {legacy_createStore as createStore} from 'redux';

import {translationsFor} from '../src/i18n';

export const siteURL = 'http://mattermost.test:8065';

export function renderInHost(ui: ReactElement): RenderResult {
    const state = {entities: {general: {config: {SiteURL: siteURL}}, users: {currentUserId: 'user1'}}};
    const store = createStore((s: typeof state = state) => s);
    return render(
        <Provider store={store}>
            <IntlProvider
                locale='en'
                messages={translationsFor('en')}
            >
                {ui}
            </IntlProvider>
        </Provider>,
    );
}
