// Browser test: real Chromium against a real Mattermost server running the Frontdesk plugin.
//
// The page it opens is the Frontdesk host page (e2e/host), which STANDS IN FOR THE MATTERMOST
// WEB APP: the server serves it from its client folder, the page loads the real plugin bundle
// from the server, and the plugin's panel calls the plugin's real API with the real session.
//
// Environment:
//   FRONTDESK_SITE_URL    the server's site URL, e.g. http://127.0.0.1:8065
//   FRONTDESK_USERNAME    a user who can sign in
//   FRONTDESK_PASSWORD    that user's password
//   FRONTDESK_SCREENSHOT  where to write a PNG of the page (also written on failure)
//   FRONTDESK_CHROMIUM    optional, the browser binary (default /usr/bin/chromium)
//   FRONTDESK_CUSTOMER    optional, the name of a customer whose only, unread chat is the one
//                         active chat: then the chats sidebar is worked (see chatScenario)
//   FRONTDESK_SECOND_CUSTOMER, FRONTDESK_HANDSHAKE_DIR
//                         optional, for the live update: once the first chat is archived this
//                         writes <dir>/page-ready, waits for <dir>/second-sent (the caller has
//                         delivered the second customer's message) and expects the new chat to
//                         appear without a page load
//   FRONTDESK_CLIENT_CHAT optional, the name of a customer with an active chat not linked to a
//                         client: then that chat's client card is worked (see clientScenario)
//   FRONTDESK_CLIENT_CANDIDATE
//                         optional, the name of a helpdesk client offered as a candidate for
//                         that chat: it is linked; without it a new client is created instead
//   FRONTDESK_PHONE_POST, FRONTDESK_PHONE, FRONTDESK_PHONE_FIRST, FRONTDESK_PHONE_ANSWER,
//   FRONTDESK_PHONE_REPLY
//                         optional, a post naming FRONTDESK_PHONE, a number with no chat yet:
//                         then the phone card and the mini chat are worked (see phoneScenario),
//                         with the handshake folder for the customer's answer
//
// Exits 0 when the panel shows the signed-in user and the plugin version from GET /status (and
// the chat scenario passes); otherwise exits 1 and prints what failed with the page's console errors.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {chromium} from 'playwright-core';

import {TIMEOUT_MS, env, waitForFile} from './waits.mjs';


async function main() {
    const siteURL = env('FRONTDESK_SITE_URL').replace(/\/+$/, '');
    const username = env('FRONTDESK_USERNAME');
    const password = env('FRONTDESK_PASSWORD');
    const screenshot = env('FRONTDESK_SCREENSHOT');
    const executablePath = process.env.FRONTDESK_CHROMIUM || '/usr/bin/chromium';

    const userDataDir = await mkdtemp(path.join(tmpdir(), 'frontdesk-chromium-'));
    const problems = [];
    const expectedRefusals = [];
    let context;
    let page;
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath,
            headless: true,
            args: [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
            ],
            viewport: {width: 1280, height: 800},
        });
        context.setDefaultTimeout(TIMEOUT_MS);

        page = context.pages()[0] ?? await context.newPage();
        page.on('console', (message) => {
            if (message.type() !== 'error') {
                return;
            }
            // A refusal a scenario provokes on purpose is logged by Chromium as a failed load:
            // each expected one excuses one such error, of its status, from its URL.
            const expected = expectedRefusals.findIndex((r) => message.text().includes(`status of ${r.status} `) && r.url.test(message.location().url));
            if (expected >= 0) {
                expectedRefusals.splice(expected, 1);
                return;
            }
            problems.push(`console error: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) => {
            // A load the plugin cancels itself (a newer one replaces it: the card reloads on a
            // websocket event while its first load is under way) is not a failure.
            if (request.failure()?.errorText === 'net::ERR_ABORTED') {
                return;
            }
            problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
        });

        // Sign in through the real API: the answer sets MMAUTHTOKEN and MMCSRF in this context.
        const login = await context.request.post(`${siteURL}/api/v4/users/login`, {
            data: {login_id: username, password},
            headers: {'X-Requested-With': 'XMLHttpRequest'},
        });
        if (!login.ok()) {
            throw new Error(`POST /api/v4/users/login answered ${login.status()}: ${await login.text()}`);
        }
        const cookies = (await context.cookies(siteURL)).map((c) => c.name);
        for (const name of ['MMAUTHTOKEN', 'MMCSRF']) {
            if (!cookies.includes(name)) {
                throw new Error(`login did not set the ${name} cookie (got: ${cookies.join(', ') || 'none'})`);
            }
        }

        // What the plugin's API says, to compare with what the panel renders.
        const statusResponse = await context.request.get(`${siteURL}/plugins/frontdesk/api/v1/status`, {
            headers: {'X-Requested-With': 'XMLHttpRequest'},
        });
        if (!statusResponse.ok()) {
            throw new Error(`GET /plugins/frontdesk/api/v1/status answered ${statusResponse.status()}: ${await statusResponse.text()}`);
        }
        const status = await statusResponse.json();
        if (status.username !== username) {
            throw new Error(`GET /status names @${status.username}, expected @${username}`);
        }

        // A user who may not use chats must not be counted anything: the badges ask nothing.
        let indicatorCalls = 0;
        page.on('request', (r) => {
            if (r.url().includes('/plugins/frontdesk/api/v1/indicators')) {
                indicatorCalls++;
            }
        });
        const meAnswered = page.waitForResponse((r) => r.url().endsWith('/plugins/frontdesk/api/v1/me'));
        await page.goto(`${siteURL}/`);

        const plugin = page.getByTestId('host-plugin-frontdesk');
        await plugin.waitFor();
        await page.waitForFunction(
            () => {
                const state = document.querySelector('[data-testid="host-plugin-frontdesk"]')?.getAttribute('data-state');
                return state === 'loaded' || state === 'failed';
            },
            undefined,
            {timeout: TIMEOUT_MS},
        );
        if (await plugin.getAttribute('data-state') !== 'loaded') {
            throw new Error(`the plugin bundle did not load: ${await plugin.textContent()}`);
        }

        await page.locator('[data-testid="host-channel-header-button"][data-plugin-id="frontdesk"]').click();
        await page.locator('[data-testid="host-rhs"][data-plugin-id="frontdesk"]').waitFor();

        await expectText(page, 'frontdesk-username', `Signed in as @${username}`);
        await expectText(page, 'frontdesk-version', `Frontdesk ${status.version}`);
        if (status.can_use_chats) {
            const testId = status.connections === 0 ? 'frontdesk-connections-empty' : 'frontdesk-connections';
            await page.getByTestId(testId).waitFor();
        } else {
            // F2: a clear refusal, no count on the header button or the sidebar's title, no + Chat.
            await expectText(page, 'frontdesk-no-access', 'You may not use Frontdesk chats. Ask a system admin.');
            const me = await (await meAnswered).json();
            if (me.may_use_chats !== false) {
                throw new Error(`GET /me says ${JSON.stringify(me)} to a user GET /status refuses`);
            }
            await page.waitForTimeout(500);
            for (const testId of ['frontdesk-badge', 'frontdesk-title-count', 'frontdesk-newchat-button', 'frontdesk-chat-list', 'frontdesk-connections-empty']) {
                if (await page.getByTestId(testId).count() !== 0) {
                    throw new Error(`${testId} shows to a user who may not use chats`);
                }
            }
            if (indicatorCalls !== 0) {
                throw new Error(`the page asked GET /indicators ${indicatorCalls} times for a user who may not use chats`);
            }
            console.log(`refused user passed: @${username} sees the refusal, no count and no + Chat`);
        }

        const customer = process.env.FRONTDESK_CUSTOMER;
        if (customer) {
            await chatScenario(page, context, siteURL, username, customer, path.dirname(screenshot));
        }
        const clientChat = process.env.FRONTDESK_CLIENT_CHAT;
        if (clientChat) {
            await clientScenario(page, context, siteURL, clientChat, process.env.FRONTDESK_CLIENT_CANDIDATE, path.dirname(screenshot));
        }

        const phonePost = process.env.FRONTDESK_PHONE_POST;
        if (phonePost) {
            await phoneScenario(page, phonePost, {
                phone: env('FRONTDESK_PHONE'),
                first: env('FRONTDESK_PHONE_FIRST'),
                answer: env('FRONTDESK_PHONE_ANSWER'),
                reply: env('FRONTDESK_PHONE_REPLY'),
                handshake: env('FRONTDESK_HANDSHAKE_DIR'),
            }, path.dirname(screenshot));
        }

        if (process.env.FRONTDESK_ADMIN_TELEGRAM_URL) {
            const expectRefusal = (status, url) => expectedRefusals.push({status, url});
            await (await import('./admin_console.mjs')).adminConsoleScenario(page, context, siteURL, path.dirname(screenshot), expectRefusal);
        }
        if (problems.length > 0) {
            throw new Error('the page reported errors');
        }
        await page.screenshot({path: screenshot, fullPage: true});
        console.log(`browser test passed: panel shows @${username} and Frontdesk ${status.version}; screenshot ${screenshot}`);
    } catch (err) {
        if (page) {
            await page.screenshot({path: screenshot, fullPage: true}).catch(() => undefined);
        }
        console.error(`browser test FAILED: ${err instanceof Error ? err.message : String(err)}`);
        for (const problem of problems) {
            console.error(`  ${problem}`);
        }
        process.exitCode = 1;
    } finally {
        await context?.close().catch(() => undefined);
        await rm(userDataDir, {recursive: true, force: true});
    }
}

// expectText waits until the element with the test id contains the text, and says what it
// showed instead when it never does.
async function expectText(page, testId, text) {
    const element = page.getByTestId(testId);
    try {
        await page.waitForFunction(
            ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(want),
            [testId, text],
            {timeout: TIMEOUT_MS},
        );
    } catch {
        const shown = await element.textContent({timeout: 1000}).catch(() => null);
        const panel = await page.getByTestId('host-rhs').textContent({timeout: 1000}).catch(() => null);
        throw new Error(`expected ${testId} to show "${text}", it shows ${JSON.stringify(shown)}; panel: ${JSON.stringify(panel)}`);
    }
}

// chatScenario works the chats sidebar against the real API and websocket (docs/features.md F4, F5, F16, F18):
// the customer's chat is blue with the red badge at 1; one click marks it read (grey) and opens
// its thread's permalink; Archive moves it under Archived with who and when; then, if asked, a
// second customer's chat appears live and opening its thread marks it read (F12, docs/features.md).
async function chatScenario(page, context, siteURL, username, customer, shots) {
    await page.locator('[data-testid="host-socket"][data-state="open"]').waitFor();

    const api = await context.request.get(`${siteURL}/plugins/frontdesk/api/v1/conversations?status=active`, {
        headers: {'X-Requested-With': 'XMLHttpRequest'},
    });
    const active = await api.json();
    const chat = active.find((c) => c.customer.name === customer);
    if (!chat) {
        throw new Error(`GET /conversations has no chat with ${customer}: ${JSON.stringify(active)}`);
    }

    const row = page.locator(`[data-testid="frontdesk-chat"][data-conversation-id="${chat.id}"]`);
    await row.waitFor();
    await expectText(page, 'frontdesk-chat-name', customer);
    await expectAttribute(row, 'data-marker', 'unread', 'the new chat\'s marker');
    await expectAttribute(page.getByTestId('frontdesk-badge'), 'data-count', '1', 'the header badge');
    await expectAttribute(page.getByTestId('frontdesk-title-count'), 'data-count', '1', 'the sidebar title count');
    await expectText(page, 'frontdesk-chat-provider', 'Telegram');
    await page.screenshot({path: path.join(shots, 'browser-chats.png'), fullPage: true});

    // F5 (docs/features.md): one click marks it read and opens the thread.
    const read = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/conversations/${chat.id}/read`));
    await row.getByTestId('frontdesk-chat-open').click();
    const readResponse = await read;
    if (readResponse.status() !== 200) {
        throw new Error(`POST /conversations/${chat.id}/read answered ${readResponse.status()}`);
    }
    await expectAttribute(page.getByTestId('host-visited'), 'data-path', new RegExp(`^/[^/]+/pl/${chat.root_post_id}$`), 'the opened path');
    await expectAttribute(row, 'data-marker', 'unanswered', 'the read chat\'s marker');

    // F16 (docs/features.md): archive; it leaves the active list and shows under Archived with who and when.
    const archive = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/conversations/${chat.id}/archive`));
    await row.getByTestId('frontdesk-chat-archive').click();
    const archiveResponse = await archive;
    if (archiveResponse.status() !== 200) {
        throw new Error(`POST /conversations/${chat.id}/archive answered ${archiveResponse.status()}`);
    }
    await expectText(page, 'frontdesk-chats-empty', 'No active chats');
    await page.getByTestId('frontdesk-badge').waitFor({state: 'detached'});
    await page.getByTestId('frontdesk-tab-archived').click();
    await row.waitFor();
    await expectText(page, 'frontdesk-chat-archived', `Archived by @${username} at`);
    await page.screenshot({path: path.join(shots, 'browser-archived.png'), fullPage: true});

    const second = process.env.FRONTDESK_SECOND_CUSTOMER;
    const handshake = process.env.FRONTDESK_HANDSHAKE_DIR;
    if (!second || !handshake) {
        return;
    }
    // Live update: the new chat must arrive through the websocket, not a page load.
    await page.getByTestId('frontdesk-tab-active').click();
    await expectText(page, 'frontdesk-chats-empty', 'No active chats');
    await page.evaluate(() => {
        window.frontdeskSamePage = true;
    });
    await writeFile(path.join(handshake, 'page-ready'), '');
    await waitForFile(path.join(handshake, 'second-sent'), 60_000);
    const live = page.locator('[data-testid="frontdesk-chat"]', {hasText: second});
    await live.waitFor();
    await expectAttribute(live, 'data-marker', 'unread', 'the live chat\'s marker');
    await expectAttribute(page.getByTestId('frontdesk-badge'), 'data-count', '1', 'the header badge after the live chat');
    if (!await page.evaluate(() => window.frontdeskSamePage === true)) {
        throw new Error('the page was loaded again: the new chat did not arrive live');
    }
    await page.screenshot({path: path.join(shots, 'browser-live.png'), fullPage: true});

    // F12 (docs/features.md): opening the chat's thread where the web app shows threads, not from the sidebar,
    // marks it read.
    const listed = await context.request.get(`${siteURL}/plugins/frontdesk/api/v1/conversations?status=active`, {
        headers: {'X-Requested-With': 'XMLHttpRequest'},
    });
    const secondChat = (await listed.json()).find((c) => c.customer.name === second);
    if (!secondChat) {
        throw new Error(`GET /conversations has no chat with ${second}`);
    }
    const seen = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/conversations/${secondChat.id}/read`));
    await page.evaluate((id) => window.hostOpenThread(id), secondChat.root_post_id);
    const seenResponse = await seen;
    if (seenResponse.status() !== 200) {
        throw new Error(`POST /conversations/${secondChat.id}/read answered ${seenResponse.status()}`);
    }
    await expectAttribute(page.getByTestId('host-thread'), 'data-post-id', secondChat.root_post_id, 'the open thread');
    await expectAttribute(live, 'data-marker', 'unanswered', 'the marker of the chat read in its thread');

    // F11 (docs/features.md): the agent answers; the reply's delivery state shows under its text where the web app
    // renders the post (the plugin's MessageWillFormat hook, run on the real post).
    const root = await (await context.request.get(`${siteURL}/api/v4/posts/${secondChat.root_post_id}`)).json();
    const answer = await context.request.post(`${siteURL}/api/v4/posts`, {
        headers: {'X-Requested-With': 'XMLHttpRequest'},
        data: {channel_id: root.channel_id, root_id: root.id, message: 'We open at nine'},
    });
    if (answer.status() !== 201) {
        throw new Error(`POST /api/v4/posts answered ${answer.status()}: ${await answer.text()}`);
    }
    const replyId = (await answer.json()).id;
    const rendered = await waitForValue(async () => {
        const post = await (await context.request.get(`${siteURL}/api/v4/posts/${replyId}`)).json();
        const text = await page.evaluate((p) => window.hostFormatMessage(p), post);
        return text.includes('✓ Sent') ? text : null;
    }, 'the reply rendered with its delivery state');
    if (!rendered.startsWith('We open at nine')) {
        throw new Error(`the reply renders as ${JSON.stringify(rendered)}`);
    }
    const events = await page.getByTestId('host-socket').getAttribute('data-events');
    console.log(`chats sidebar passed: ${customer} blue then read, archived; ${second} arrived live (${events} websocket events), was read in its thread, and the agent's reply rendered with ✓ Sent`);
}

// clientScenario works a chat's client card against the real API (F7, F19): the card of the
// customer's chat is not linked; a candidate is linked (or, without one, a client is created from
// the form prefilled with the customer's name); an order is created with the customer's last
// message as its description and listed; the hover card on the name then counts it.
async function clientScenario(page, context, siteURL, customer, candidate, shots) {
    const headers = {'X-Requested-With': 'XMLHttpRequest'};
    const listed = await context.request.get(`${siteURL}/plugins/frontdesk/api/v1/conversations?status=active`, {headers});
    const chat = (await listed.json()).find((c) => c.customer.name === customer);
    if (!chat) {
        throw new Error(`GET /conversations has no active chat with ${customer}`);
    }
    const cardURL = `${siteURL}/plugins/frontdesk/api/v1/conversations/${chat.id}/client`;
    const before = await context.request.get(cardURL, {headers});
    if (!before.ok()) {
        throw new Error(`GET /conversations/${chat.id}/client answered ${before.status()}: ${await before.text()}`);
    }
    const lastMessage = (await before.json()).last_customer_message ?? '';

    await page.getByTestId('frontdesk-tab-active').click();
    const row = page.locator(`[data-testid="frontdesk-chat"][data-conversation-id="${chat.id}"]`);
    await row.waitFor();
    await row.getByTestId('frontdesk-chat-client').click();
    const card = row.getByTestId('frontdesk-client-card');
    await expectAttribute(card, 'data-state', 'unlinked', 'the client card before linking');

    let clientName = customer;
    if (candidate) {
        clientName = candidate;
        const offered = card.locator('[data-testid="frontdesk-client-candidate"]', {hasText: candidate});
        await offered.waitFor();
        const link = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/conversations/${chat.id}/link`));
        await offered.getByTestId('frontdesk-client-link').click();
        const linkResponse = await link;
        if (linkResponse.status() !== 200) {
            throw new Error(`POST /conversations/${chat.id}/link answered ${linkResponse.status()}: ${await linkResponse.text()}`);
        }
    } else {
        await card.getByTestId('frontdesk-client-new').click();
        const prefilled = await card.getByTestId('frontdesk-client-form-name').inputValue();
        if (prefilled !== customer) {
            throw new Error(`the new client form is prefilled with ${JSON.stringify(prefilled)}, expected ${JSON.stringify(customer)}`);
        }
        const create = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/v1/clients'));
        await card.getByTestId('frontdesk-client-form-submit').click();
        const createResponse = await create;
        if (!createResponse.ok()) {
            throw new Error(`POST /clients answered ${createResponse.status()}: ${await createResponse.text()}`);
        }
    }
    await expectAttribute(card, 'data-state', 'linked', 'the client card after linking');
    await expectText(page, 'frontdesk-client-name', clientName);

    await card.getByTestId('frontdesk-client-new-order').click();
    const description = await card.getByTestId('frontdesk-document-description').inputValue();
    if (description !== lastMessage) {
        throw new Error(`the order's description is prefilled with ${JSON.stringify(description)}, expected the last customer message ${JSON.stringify(lastMessage)}`);
    }
    await card.getByTestId('frontdesk-document-title').fill('Screen replacement');
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/conversations/${chat.id}/documents`));
    await card.getByTestId('frontdesk-document-submit').click();
    const createdResponse = await created;
    if (!createdResponse.ok()) {
        throw new Error(`POST /conversations/${chat.id}/documents answered ${createdResponse.status()}: ${await createdResponse.text()}`);
    }
    const order = await createdResponse.json();
    await expectText(page, 'frontdesk-document-created', 'Order');
    await card.locator(`[data-testid="frontdesk-client-document"][data-document-id="${order.id}"]`).waitFor();
    await page.screenshot({path: path.join(shots, 'client-card.png'), fullPage: true});

    // What the server now holds for the chat.
    const after = await (await context.request.get(cardURL, {headers})).json();
    if (!after.linked || after.client?.name !== clientName || after.documents?.[0]?.id !== order.id || after.documents[0].kind !== 'order') {
        throw new Error(`GET /conversations/${chat.id}/client after the order: ${JSON.stringify(after)}`);
    }

    // The card is editable: a new address is saved (only it is sent) and shows once the card is
    // loaded again.
    const address = 'Długa 5, Gdańsk';
    await card.getByTestId('frontdesk-client-edit').click();
    await card.getByTestId('frontdesk-client-edit-address').fill(address);
    const patch = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.endsWith(`/api/v1/clients/${after.client.id}`));
    await card.getByTestId('frontdesk-client-edit-save').click();
    const patchResponse = await patch;
    if (!patchResponse.ok()) {
        throw new Error(`PATCH /clients/${after.client.id} answered ${patchResponse.status()}: ${await patchResponse.text()}`);
    }
    const sent = patchResponse.request().postDataJSON();
    if (JSON.stringify(sent) !== JSON.stringify({address})) {
        throw new Error(`PATCH /clients/${after.client.id} sent ${JSON.stringify(sent)}, expected only the address`);
    }
    await card.getByTestId('frontdesk-client-edit-form').waitFor({state: 'detached'});
    await expectText(page, 'frontdesk-client-address', address);
    await page.screenshot({path: path.join(shots, 'client-card-edit.png'), fullPage: true});

    // F19: with the card closed, resting on the name shows the client and the new order.
    await row.getByTestId('frontdesk-chat-client').click();
    await card.waitFor({state: 'detached'});
    await row.getByTestId('frontdesk-chat-name').hover();
    await expectText(page, 'frontdesk-client-hover-name', clientName);
    await expectAttribute(row.getByTestId('frontdesk-client-hover-documents'), 'data-count', String(after.documents.length), 'the hover card\'s document count');
    await expectText(page, 'frontdesk-client-hover-latest', 'Order');
    await page.mouse.move(0, 0);
    console.log(`client card passed: ${customer}'s chat linked to ${clientName} (${candidate ? 'a candidate' : 'a new client'}), order ${order.number} created and shown, address edited`);
}

// phoneScenario works one-click messaging (F19, F20): the phone number in a post is a tel: link
// whose tooltip is the phone card; the number has no chat, so + Chat starts one in the mini chat
// window; the customer's answer (delivered by the caller between phone-started and
// phone-answered) arrives there live, and a reply is sent from it; the card then lists the chat
// and its Write button opens it again.
async function phoneScenario(page, postId, {phone, first, answer, reply, handshake}, shots) {
    await page.locator('[data-testid="host-socket"][data-state="open"]').waitFor();
    await page.mouse.move(0, 0);
    await page.evaluate((id) => window.hostShowPost(id), postId);
    const link = page.locator(`[data-testid="host-post-link"][data-href="tel:${phone}"]`);
    await link.waitFor();

    await link.hover();
    const card = page.getByTestId('frontdesk-phone-card');
    await card.waitFor();
    await expectAttribute(card, 'data-phone', phone, 'the phone card\'s number');
    await expectText(page, 'frontdesk-phone-no-chats', 'No chats with this number yet');
    await page.getByTestId('frontdesk-phone-no-client').waitFor();
    await page.screenshot({path: path.join(shots, 'phone-card.png'), fullPage: true});

    // F20: + Chat, from the SMS connection, with the first message.
    await card.getByTestId('frontdesk-phone-new-chat').click();
    const window_ = page.getByTestId('frontdesk-mini-chat');
    await expectAttribute(window_, 'data-mode', 'start', 'the mini chat');
    const select = window_.getByTestId('frontdesk-start-connection');
    const sms = await select.locator('option', {hasText: 'SMS'}).first().getAttribute('value');
    await select.selectOption(sms);
    await window_.getByTestId('frontdesk-start-text').fill(first);
    const started = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/v1/conversations'));
    await window_.getByTestId('frontdesk-start-send').click();
    const startedResponse = await started;
    if (startedResponse.status() !== 201) {
        throw new Error(`POST /conversations answered ${startedResponse.status()}: ${await startedResponse.text()}`);
    }
    await expectAttribute(window_, 'data-mode', 'chat', 'the mini chat after + Chat');
    await window_.locator('[data-testid="frontdesk-mini-chat-message"][data-side="staff"]', {hasText: first}).waitFor();

    // The customer's answer must arrive through the websocket, without a page load.
    await page.evaluate(() => {
        window.frontdeskPhoneSamePage = true;
    });
    await writeFile(path.join(handshake, 'phone-started'), '');
    await waitForFile(path.join(handshake, 'phone-answered'), 60_000);
    await window_.locator('[data-testid="frontdesk-mini-chat-message"][data-side="customer"]', {hasText: answer}).waitFor();
    if (!await page.evaluate(() => window.frontdeskPhoneSamePage === true)) {
        throw new Error('the page was loaded again: the answer did not arrive live');
    }

    // F19: a reply from the mini chat, as the user, into the chat's thread.
    const input = window_.getByTestId('frontdesk-mini-chat-input');
    await input.fill(reply);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v4/posts');
    await input.press('Enter');
    const postedResponse = await posted;
    if (postedResponse.status() !== 201) {
        throw new Error(`POST /api/v4/posts answered ${postedResponse.status()}: ${await postedResponse.text()}`);
    }
    await window_.locator('[data-testid="frontdesk-mini-chat-message"][data-side="staff"]', {hasText: reply}).waitFor();
    if (await input.inputValue() !== '') {
        throw new Error(`the composer still holds ${JSON.stringify(await input.inputValue())} after sending`);
    }
    await page.mouse.move(0, 0);
    await card.waitFor({state: 'detached'});
    await page.screenshot({path: path.join(shots, 'mini-chat.png'), fullPage: true});

    await input.press('Escape');
    await window_.waitFor({state: 'detached'});

    // The number now has its chat: the card lists it with Write, which opens the same thread.
    await link.hover();
    const listed = card.getByTestId('frontdesk-phone-chat');
    await listed.waitFor();
    await expectText(page, 'frontdesk-phone-chat-provider', 'SMS');
    await listed.getByTestId('frontdesk-phone-write').click();
    await expectAttribute(window_, 'data-mode', 'chat', 'the mini chat opened with Write');
    await window_.locator('[data-testid="frontdesk-mini-chat-message"]', {hasText: reply}).waitFor();
    await window_.getByTestId('frontdesk-mini-chat-close').click();
    await window_.waitFor({state: 'detached'});
    await page.mouse.move(0, 0);
    console.log(`phone card passed: ${phone} had no chat; + Chat sent "${first}", the answer arrived live in the mini chat and "${reply}" was sent from it; then the card listed the chat and Write opened it`);
}

// expectAttribute waits until the element's attribute equals want (a string) or matches it (a RegExp).
async function expectAttribute(locator, name, want, what) {
    const deadline = Date.now() + TIMEOUT_MS;
    let got = null;
    while (Date.now() < deadline) {
        got = await locator.getAttribute(name, {timeout: 1000}).catch(() => null);
        if (got !== null && (want instanceof RegExp ? want.test(got) : got === want)) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`expected ${what} to have ${name}=${want}, it has ${JSON.stringify(got)}`);
}

// waitForValue calls get until it returns something other than null, and names what never came.
async function waitForValue(get, what) {
    const deadline = Date.now() + TIMEOUT_MS;
    while (Date.now() < deadline) {
        const value = await get();
        if (value !== null) {
            return value;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
}

main().catch((err) => {
    console.error(`browser test FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
});
