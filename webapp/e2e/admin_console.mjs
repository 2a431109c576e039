// Browser test of the Frontdesk section of the System Console (issue 9), on the host page's
// stand-in System Console plugin page (/admin_console/plugins/plugin_frontdesk). Called from
// browser.mjs when FRONTDESK_ADMIN_TELEGRAM_URL is set; the caller signs in as a system admin.
//
// Environment:
//   FRONTDESK_ADMIN_TELEGRAM_URL  the fake Telegram Bot API's base URL (entered under Advanced)
//   FRONTDESK_ADMIN_BOT_TOKEN     the token the fake accepts first
//   FRONTDESK_ADMIN_NEW_BOT_TOKEN the token it accepts once the caller has "regenerated" it
//   FRONTDESK_ADMIN_TEAM          the display name of the team the new private channel goes in
//   FRONTDESK_ADMIN_CHANNEL       the display name of that new channel
//   FRONTDESK_ADMIN_SPARE_CHANNEL the display name of a public channel of that team, which the
//                                 script archives while the Edit form offers it (the server then
//                                 refuses it: an archived channel cannot hold chats)
//   FRONTDESK_ADMIN_PUBLIC_CHANNEL the display name of another public channel of that team (the
//                                 server answers the public-channel warning)
//   FRONTDESK_HANDSHAKE_DIR       after the first passing test this writes admin-tested and waits
//                                 for admin-token-broken (the fake now refuses the first token)
//   FRONTDESK_ADMIN_OTHERS        JSON list of the other providers to connect through the same form,
//                                 each {kind, name, url, channel, fields: {field: value}, steps}: the
//                                 fake's base URL, a new private channel's name, and a phrase of the
//                                 provider's set-up steps
//
// Screenshots: admin-list.png, admin-add.png, admin-created.png, admin-lost-sync.png,
// admin-reconnect.png, admin-reconnected.png, admin-edit.png, admin-refused.png,
// admin-public-warning.png, admin-delete-confirm.png, admin-audit.png, admin-created-<kind>.png for
// each other provider. Prints
// "admin console: connection <id>" for the Telegram connection and
// "admin console: <kind> connection <id>" for each other one, for the caller to check.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';

import {TIMEOUT_MS, env, waitForFile} from './waits.mjs';

// waitAttr waits until the element matching selector has the attribute's value, and says what
// it had instead when it never does.
async function waitAttr(page, selector, name, want) {
    try {
        await page.waitForFunction(
            ([sel, attr, value]) => document.querySelector(sel)?.getAttribute(attr) === value,
            [selector, name, want],
            {timeout: TIMEOUT_MS},
        );
    } catch {
        const got = await page.locator(selector).first().getAttribute(name, {timeout: 1000}).catch(() => null);
        const text = await page.locator(selector).first().textContent({timeout: 1000}).catch(() => null);
        throw new Error(`expected ${selector} to have ${name}="${want}", it has ${JSON.stringify(got)}: ${JSON.stringify(text)}`);
    }
}

// expectRefusal(status, urlPattern) tells the caller a request is about to be refused on purpose,
// so the browser's report of that failed load is no error.
export async function adminConsoleScenario(page, context, siteURL, shots, expectRefusal) {
    const fakeURL = env('FRONTDESK_ADMIN_TELEGRAM_URL');
    const token = env('FRONTDESK_ADMIN_BOT_TOKEN');
    const newToken = env('FRONTDESK_ADMIN_NEW_BOT_TOKEN');
    const teamName = env('FRONTDESK_ADMIN_TEAM');
    const channelName = env('FRONTDESK_ADMIN_CHANNEL');
    const handshake = env('FRONTDESK_HANDSHAKE_DIR');
    const shot = (name) => page.screenshot({path: path.join(shots, name), fullPage: true});

    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: siteURL});
    await page.goto(`${siteURL}/admin_console/plugins/plugin_frontdesk`);
    const section = page.locator('[data-testid="host-admin-setting-Connections"] [data-testid="frontdesk-admin"]');
    await section.waitFor();
    // The list (other tests' connections may be in it) or the empty state that says what to do.
    await page.locator('[data-testid="frontdesk-admin-connections"], [data-testid="frontdesk-admin-empty"]').first().waitFor();
    await shot('admin-list.png');

    // Add connection: Telegram against the fake Bot API, into a new private channel.
    await page.getByTestId('frontdesk-admin-add').click();
    const form = page.getByTestId('frontdesk-admin-add-form');
    await form.getByTestId('frontdesk-admin-kind').selectOption('telegram');
    await form.getByTestId('frontdesk-admin-name').fill('Console bot');
    const tokenInput = form.getByTestId('frontdesk-admin-field-bot_token');
    if (await tokenInput.getAttribute('type') !== 'password') {
        throw new Error('the bot token is not a password input');
    }
    await tokenInput.fill(token);
    await form.getByTestId('frontdesk-admin-field-bot_username').fill('console_bot');
    await form.getByTestId('frontdesk-admin-channel-new').check();
    await form.locator('[data-testid="frontdesk-admin-team"] option', {hasText: teamName}).waitFor({state: 'attached'});
    await form.getByTestId('frontdesk-admin-team').selectOption({label: teamName});
    await form.getByTestId('frontdesk-admin-channel-name').fill(channelName);
    await form.getByTestId('frontdesk-admin-advanced').click();
    await form.getByTestId('frontdesk-admin-api-base-url').fill(fakeURL);
    await shot('admin-add.png');
    await form.getByTestId('frontdesk-admin-create').click();

    // The webhook URL and verify token, copied with their buttons; the set-up steps inline.
    const created = page.getByTestId('frontdesk-admin-created');
    await created.waitFor();
    const id = await created.getAttribute('data-id');
    const webhookURL = await created.getByTestId('frontdesk-admin-webhook-url').inputValue();
    if (webhookURL !== `${siteURL}/plugins/frontdesk/webhooks/${id}`) {
        throw new Error(`the webhook URL shown is ${webhookURL}, want ${siteURL}/plugins/frontdesk/webhooks/${id}`);
    }
    await created.getByTestId('frontdesk-admin-webhook-url-copy').click();
    await created.getByTestId('frontdesk-admin-webhook-url-copy').filter({hasText: 'Copied'}).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    if (copied !== webhookURL) {
        throw new Error(`the clipboard holds ${JSON.stringify(copied)}, want the webhook URL ${webhookURL}`);
    }
    if (!(await created.getByTestId('frontdesk-admin-verify-token').inputValue())) {
        throw new Error('no verify token shown');
    }
    await created.getByTestId('frontdesk-admin-steps').filter({hasText: 'registered its webhook'}).waitFor();
    const row = page.locator(`[data-testid="frontdesk-admin-connection"][data-id="${id}"]`);
    await row.getByTestId('frontdesk-admin-connection-channel').filter({hasText: `${channelName} in ${teamName}`}).waitFor();
    await shot('admin-created.png');

    // Test connection: the fake accepts the token.
    await row.getByTestId('frontdesk-admin-test').click();
    await waitAttr(page, `[data-id="${id}"] [data-testid="frontdesk-admin-test-result"]`, 'data-ok', 'true');

    // The token is regenerated at the provider: the fake now answers 401 to the old one.
    await writeFile(path.join(handshake, 'admin-tested'), '');
    await waitForFile(path.join(handshake, 'admin-token-broken'), 60_000);
    await row.getByTestId('frontdesk-admin-test').click();
    await waitAttr(page, `[data-id="${id}"] [data-testid="frontdesk-admin-test-result"]`, 'data-ok', 'false');
    await row.getByTestId('frontdesk-admin-test-result').filter({hasText: 'Unauthorized'}).waitFor();
    await waitAttr(page, `[data-testid="frontdesk-admin-connection"][data-id="${id}"]`, 'data-status', 'lost');
    await row.getByTestId('frontdesk-admin-connection-status').filter({hasText: /^Lost sync since .+: Unauthorized/}).waitFor();
    await shot('admin-lost-sync.png');

    // The reconnect link Frontdesk shows opens this connection's Reconnect form.
    await page.goto(`${siteURL}/admin_console/plugins/plugin_frontdesk?connection=${id}`);
    const reconnect = row.getByTestId('frontdesk-admin-reconnect-form');
    await reconnect.waitFor();
    await reconnect.getByTestId('frontdesk-admin-field-bot_token').fill(newToken);
    await shot('admin-reconnect.png');
    await reconnect.getByTestId('frontdesk-admin-reconnect-save').click();
    await reconnect.waitFor({state: 'detached'});
    await waitAttr(page, `[data-testid="frontdesk-admin-connection"][data-id="${id}"]`, 'data-status', 'active');
    await row.getByTestId('frontdesk-admin-done').filter({hasText: 'Reconnected'}).waitFor();
    await shot('admin-reconnected.png');
    await row.getByTestId('frontdesk-admin-test').click();
    await waitAttr(page, `[data-id="${id}"] [data-testid="frontdesk-admin-test-result"]`, 'data-ok', 'true');
    console.log(`admin console: connection ${id}`);

    await editScenario(page, row, {id, siteURL, shots, teamName, channelName, shot, expectRefusal});

    for (const other of JSON.parse(process.env.FRONTDESK_ADMIN_OTHERS ?? '[]')) {
        await connectOther(page, teamName, other, shot);
    }
}

// connectOther adds one provider's connection through the form, into a new private channel, and
// tests it against the provider's fake: what an admin does for each of the five providers.
async function connectOther(page, teamName, {kind, name, url, channel, fields, steps}, shot) {
    await page.getByTestId('frontdesk-admin-add').click();
    const form = page.getByTestId('frontdesk-admin-add-form');
    await form.getByTestId('frontdesk-admin-kind').selectOption(kind);
    await form.getByTestId('frontdesk-admin-name').fill(name);
    for (const [field, value] of Object.entries(fields)) {
        await form.getByTestId(`frontdesk-admin-field-${field}`).fill(value);
    }
    await form.getByTestId('frontdesk-admin-channel-new').check();
    await form.locator('[data-testid="frontdesk-admin-team"] option', {hasText: teamName}).waitFor({state: 'attached'});
    await form.getByTestId('frontdesk-admin-team').selectOption({label: teamName});
    await form.getByTestId('frontdesk-admin-channel-name').fill(channel);
    await form.getByTestId('frontdesk-admin-advanced').click();
    await form.getByTestId('frontdesk-admin-api-base-url').fill(url);
    await form.getByTestId('frontdesk-admin-create').click();

    const created = page.getByTestId('frontdesk-admin-created');
    await created.filter({hasText: name}).first().waitFor().catch(() => created.waitFor());
    const id = await created.getAttribute('data-id');
    if (!(await created.getByTestId('frontdesk-admin-webhook-url').inputValue()).endsWith(`/plugins/frontdesk/webhooks/${id}`)) {
        throw new Error(`${kind}: the webhook URL shown is not the connection's`);
    }
    await created.getByTestId('frontdesk-admin-steps').filter({hasText: steps}).waitFor();
    const row = page.locator(`[data-testid="frontdesk-admin-connection"][data-id="${id}"]`);
    await row.getByTestId('frontdesk-admin-test').click();
    await waitAttr(page, `[data-id="${id}"] [data-testid="frontdesk-admin-test-result"]`, 'data-ok', 'true');
    await waitAttr(page, `[data-testid="frontdesk-admin-connection"][data-id="${id}"]`, 'data-status', 'active');
    await shot(`admin-created-${kind}.png`);
    console.log(`admin console: ${kind} connection ${id}`);
    await created.getByTestId('frontdesk-admin-created-close').click();
    await created.waitFor({state: 'detached'});
}

// archiveChannel archives a channel through Mattermost's API with the admin's session, as
// another admin might while the form is open.
async function archiveChannel(page, siteURL, channelId) {
    const status = await page.evaluate(async ([base, id]) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('MMCSRF='))?.slice('MMCSRF='.length) ?? '';
        const res = await fetch(`${base}/api/v4/channels/${id}`, {
            method: 'DELETE',
            credentials: 'same-origin',
            headers: {'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrf},
        });
        return res.status;
    }, [siteURL, channelId]);
    if (status !== 200) {
        throw new Error(`archiving channel ${channelId} answered ${status}`);
    }
}

// pickChannel opens the row's Edit form (unless open) and picks an existing channel of the team
// by its label in the list ("# name" public, "🔒 name" private); it returns the form and the
// channel's id.
async function pickChannel(row, teamName, label) {
    const form = row.getByTestId('frontdesk-admin-edit-form');
    if (!(await form.isVisible())) {
        await row.getByTestId('frontdesk-admin-edit').click();
    }
    await form.locator('[data-testid="frontdesk-admin-team"] option', {hasText: teamName}).waitFor({state: 'attached'});
    await form.getByTestId('frontdesk-admin-team').selectOption({label: teamName});
    const option = form.locator('[data-testid="frontdesk-admin-channel-select"] option').filter({hasText: label});
    await option.first().waitFor({state: 'attached'});
    const channelId = await option.first().getAttribute('value');
    await form.getByTestId('frontdesk-admin-channel-select').selectOption(channelId);
    return {form, channelId};
}

// editScenario works the row's Edit form and Delete confirmation: a public channel shows the hint;
// a channel archived meanwhile is refused by the server with the form kept; another public channel
// is accepted with the server's warning; moving back to the connection's private channel ends it.
// Delete asks first (cancelled here). Then the audit trail holds what was done.
async function editScenario(page, row, {id, siteURL, shots, teamName, channelName, shot, expectRefusal}) {
    const spare = env('FRONTDESK_ADMIN_SPARE_CHANNEL');
    const open = env('FRONTDESK_ADMIN_PUBLIC_CHANNEL');

    const {form, channelId: spareId} = await pickChannel(row, teamName, `# ${spare}`);
    await form.getByTestId('frontdesk-admin-public-hint').waitFor();
    await shot('admin-edit.png');

    await archiveChannel(page, siteURL, spareId);
    expectRefusal(400, new RegExp(`/plugins/frontdesk/api/v1/connections/${id}$`));
    await form.getByTestId('frontdesk-admin-edit-save').click();
    await row.getByTestId('frontdesk-admin-row-error').filter({hasText: 'archived'}).waitFor();
    if (!(await form.isVisible()) || await form.getByTestId('frontdesk-admin-channel-select').inputValue() !== spareId) {
        throw new Error('the Edit form did not keep the refused channel');
    }
    await shot('admin-refused.png');

    await pickChannel(row, teamName, `# ${open}`);
    await form.getByTestId('frontdesk-admin-edit-save').click();
    await form.waitFor({state: 'detached'});
    await row.getByTestId('frontdesk-admin-warning').filter({hasText: 'public channel'}).waitFor();
    await row.getByTestId('frontdesk-admin-connection-channel').filter({hasText: `${open} in ${teamName}`}).waitFor();
    await shot('admin-public-warning.png');

    await pickChannel(row, teamName, `🔒 ${channelName}`);
    await form.getByTestId('frontdesk-admin-edit-save').click();
    await form.waitFor({state: 'detached'});
    await row.getByTestId('frontdesk-admin-done').waitFor();
    await row.getByTestId('frontdesk-admin-connection-channel').filter({hasText: `${channelName} in ${teamName}`}).waitFor();
    if (await row.getByTestId('frontdesk-admin-warning').count() > 0) {
        throw new Error('a private channel was answered with the public-channel warning');
    }

    await row.getByTestId('frontdesk-admin-delete').click();
    const confirm = row.getByTestId('frontdesk-admin-delete-confirm');
    await confirm.filter({hasText: 'The threads already posted stay in Mattermost'}).waitFor();
    await shot('admin-delete-confirm.png');
    await confirm.getByRole('button', {name: 'Cancel'}).click();
    await confirm.waitFor({state: 'detached'});

    const audit = page.getByTestId('frontdesk-admin-audit');
    for (const action of ['connection.create', 'connection.reconnect', 'connection.update']) {
        await audit.locator(`[data-testid="frontdesk-admin-audit-entry"][data-action="${action}"]`).first().waitFor();
    }
    await audit.scrollIntoViewIfNeeded();
    await audit.screenshot({path: path.join(shots, 'admin-audit.png')});
}

