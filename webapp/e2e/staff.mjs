// Browser test of what staff use all day (issue 10), on the host page (which STANDS IN FOR THE
// MATTERMOST WEB APP, see README.md) with the App Bar on: the App Bar icon and its badge, the
// unread count in the tab's title, the chats list's search and filters, Take, the quick replies,
// the composer's check that refuses a reply while keeping the draft, its character counter, the
// banner of a chat whose WhatsApp window closed with its template picker, and + Chat reaching the
// fake provider (to a new number, and to a known customer picked from the suggestions), a reply to
// a customer who blocked the bot refused with the draft kept, then the banner of a connection that
// lost sync. Real Chromium, the real plugin bundle, the real server and its API.
//
// Environment:
//   FRONTDESK_SITE_URL, FRONTDESK_USERNAME, FRONTDESK_PASSWORD  as for browser.mjs
//   FRONTDESK_CHROMIUM     optional, the browser binary (default /usr/bin/chromium)
//   FRONTDESK_SHOTS        the folder for the screenshots staff-*.png
//   FRONTDESK_TELEGRAM     the name of a Telegram customer with an unread chat (its thread is worked)
//   FRONTDESK_OTHER        the name of a second Telegram customer with an unread chat, who then
//                          blocked the bot
//   FRONTDESK_KNOWN_TEXT   what + Chat sends the first Telegram customer, picked as a known one
//   FRONTDESK_WHATSAPP     the name of a WhatsApp customer whose 24-hour window closed
//   FRONTDESK_TEMPLATE     an approved template of that WhatsApp number, with one parameter
//   FRONTDESK_NEW_PHONE    a phone number with no chat yet, for + Chat on WhatsApp
//   FRONTDESK_QUICK_NAME, FRONTDESK_QUICK_TEXT  the quick reply to save and insert
//   FRONTDESK_HANDSHAKE_DIR  this writes staff-ready-lost there and waits for staff-lost (the
//                          caller made the WhatsApp connection lose sync)
//
// Exits 0 when every step passed, else 1 with the reason and the page's console errors; prints
// "staff: ok" lines the caller checks.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {chromium} from 'playwright-core';

import {TIMEOUT_MS, env, waitForFile} from './waits.mjs';

const HEADERS = {'X-Requested-With': 'XMLHttpRequest'};

async function waitFor(what, fn, ms = TIMEOUT_MS) {
    const deadline = Date.now() + ms;
    let last;
    while (Date.now() < deadline) {
        last = await fn();
        if (last) {
            return last;
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`timed out waiting for ${what}`);
}

// pickTemplate chooses the option of the picker named after the template ("name (language)").
async function pickTemplate(select, name) {
    const option = select.locator('option', {hasText: `${name} (`}).first();
    await option.waitFor({state: 'attached'});
    await select.selectOption(await option.getAttribute('value'));
}

async function main() {
    const siteURL = env('FRONTDESK_SITE_URL').replace(/\/+$/, '');
    const shots = env('FRONTDESK_SHOTS');
    const telegram = env('FRONTDESK_TELEGRAM');
    const other = env('FRONTDESK_OTHER');
    const whatsapp = env('FRONTDESK_WHATSAPP');
    const template = env('FRONTDESK_TEMPLATE');
    const newPhone = env('FRONTDESK_NEW_PHONE');
    const quickName = env('FRONTDESK_QUICK_NAME');
    const quickText = env('FRONTDESK_QUICK_TEXT');
    const handshake = env('FRONTDESK_HANDSHAKE_DIR');
    const knownText = env('FRONTDESK_KNOWN_TEXT');
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'frontdesk-staff-'));
    const problems = [];
    let context;
    let page;
    const shot = (name) => page.screenshot({path: path.join(shots, name), fullPage: true});
    try {
        context = await chromium.launchPersistentContext(userDataDir, {
            executablePath: process.env.FRONTDESK_CHROMIUM || '/usr/bin/chromium',
            headless: true,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
            viewport: {width: 1360, height: 900},
        });
        context.setDefaultTimeout(TIMEOUT_MS);
        page = context.pages()[0] ?? await context.newPage();
        page.on('console', (m) => {
            // + Chat's free text to WhatsApp outside the window is refused on purpose (409).
            if (m.text().includes('409') && /\/plugins\/frontdesk\/api\/v1\/conversations$/.test(m.location().url)) {
                return;
            }
            if (m.type() === 'error') {
                problems.push(`console error: ${m.text()}`);
            }
        });
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

        const login = await context.request.post(`${siteURL}/api/v4/users/login`, {
            data: {login_id: env('FRONTDESK_USERNAME'), password: env('FRONTDESK_PASSWORD')},
            headers: HEADERS,
        });
        if (!login.ok()) {
            throw new Error(`POST /api/v4/users/login answered ${login.status()}`);
        }
        const api = async (p) => {
            const r = await context.request.get(`${siteURL}/plugins/frontdesk/api/v1${p}`, {headers: HEADERS});
            if (!r.ok()) {
                throw new Error(`GET ${p} answered ${r.status()}: ${await r.text()}`);
            }
            return r.json();
        };
        const chats = await api('/conversations?status=active');
        const chatOf = (name) => {
            const c = chats.find((x) => x.customer.name === name);
            if (!c) {
                throw new Error(`no active chat with ${name}: ${JSON.stringify(chats.map((x) => x.customer))}`);
            }
            return c;
        };
        const anna = chatOf(telegram);
        const jan = chatOf(whatsapp);
        const bogdan = chatOf(other);
        const indicators = await api('/indicators');

        // 1. The App Bar: the icon with the red badge, the channel header button gone (as in the
        // web app when the App Bar is on), the unread count in the tab's title.
        await page.goto(`${siteURL}/?appbar=on`);
        await page.locator('[data-testid="host-plugin-frontdesk"][data-state="loaded"]').waitFor();
        await page.locator('[data-testid="host-socket"][data-state="open"]').waitFor();
        const icon = page.locator('[data-testid="host-app-bar-icon"][data-plugin-id="frontdesk"]');
        await icon.waitFor();
        const badge = await waitFor(`the App Bar badge at ${indicators.attention}`, async () => {
            const src = await icon.locator('img').getAttribute('src');
            const svg = decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
            return svg.includes(`>${indicators.attention}</text>`) && svg.includes('#d24b4e') ? svg : null;
        });
        if (await page.locator('[data-testid="host-channel-header-button"][data-plugin-id="frontdesk"]').count() !== 0) {
            throw new Error('the channel header button shows while the App Bar is on');
        }
        await waitFor(`the title "(${indicators.unread}) …"`, async () => (await page.title()).startsWith(`(${indicators.unread}) `));
        await shot('staff-app-bar.png');
        await icon.click();
        await page.locator('[data-testid="host-rhs"][data-plugin-id="frontdesk"]').waitFor();
        await page.getByTestId('frontdesk-chat-list').waitFor();
        console.log(`staff: ok app bar badge ${indicators.attention} (${badge.length} bytes of SVG), title ${JSON.stringify(await page.title())}`);

        // 2. Search and filters, against the server's own filtering.
        const rows = page.locator('[data-testid="frontdesk-chat"]');
        const names = async () => (await page.locator('[data-testid="frontdesk-chat-name"]').allTextContents()).sort();
        const expectRows = (want, what) => waitFor(`${what}: ${want.join(', ')}`, async () => JSON.stringify(await names()) === JSON.stringify([...want].sort()));
        await expectRows([telegram, other, whatsapp], 'every chat');
        const searched = page.waitForResponse((r) => r.url().includes('/conversations?') && new URL(r.url()).searchParams.get('q') === other.slice(0, 4).toLowerCase());
        await page.getByTestId('frontdesk-search').fill(other.slice(0, 4).toLowerCase());
        await searched;
        await expectRows([other], 'the search');
        await page.getByTestId('frontdesk-search').fill('');
        await expectRows([telegram, other, whatsapp], 'the cleared search');
        await page.getByTestId('frontdesk-filter-connection').selectOption(jan.connection_id);
        await expectRows([whatsapp], 'the WhatsApp connection');
        const janRow = page.locator(`[data-testid="frontdesk-chat"][data-conversation-id="${jan.id}"]`);
        await janRow.getByTestId('frontdesk-chat-window-closed').waitFor();
        await page.getByTestId('frontdesk-filter-connection').selectOption('');
        const annaRow = page.locator(`[data-testid="frontdesk-chat"][data-conversation-id="${anna.id}"]`);
        await annaRow.getByTestId('frontdesk-chat-take').click();
        await annaRow.getByTestId('frontdesk-chat-assignee').filter({hasText: 'Assigned to you'}).waitFor();
        await page.getByTestId('frontdesk-filter-mine').click();
        await expectRows([telegram], 'assigned to me');
        await page.getByTestId('frontdesk-filter-unread').click();
        await expectRows([telegram], 'assigned to me and unread');
        await shot('staff-filters.png');
        await page.getByTestId('frontdesk-filter-mine').click();
        await page.getByTestId('frontdesk-filter-unread').click();
        await page.getByTestId('frontdesk-search').fill('nobody-is-called-this');
        await page.locator('[data-testid="frontdesk-chats-empty"][data-filtered="true"]').waitFor();
        await page.getByTestId('frontdesk-chats-clear-filters').click();
        await expectRows([telegram, other, whatsapp], 'the cleared filters');
        console.log(`staff: ok search and filters (${await rows.count()} chats)`);

        // 3. A quick reply saved in the sidebar.
        await page.getByTestId('frontdesk-quick-add').click();
        await page.getByTestId('frontdesk-quick-name').fill(quickName);
        await page.getByTestId('frontdesk-quick-text').fill(quickText);
        await page.getByTestId('frontdesk-quick-save').click();
        await page.locator(`[data-testid="frontdesk-quick-row"][data-name="${quickName}"]`).waitFor();

        // 4. The composer of a Telegram chat: the counter near the limit; a reply over it is
        // refused before posting and stays in the composer; a quick reply then goes.
        const me = await api('/me');
        const max = me.max_length;
        if (!max) {
            throw new Error(`GET /me has no max_length: ${JSON.stringify(me)}`);
        }
        await page.evaluate((id) => window.hostOpenThread(id), anna.root_post_id);
        const composer = page.locator(`[data-testid="frontdesk-composer"][data-conversation-id="${anna.id}"]`);
        const notice = page.locator(`[data-testid="frontdesk-thread-notice"][data-conversation-id="${anna.id}"]`);
        await composer.waitFor();
        // Empty while nothing holds replies back: attached, not visible.
        await notice.waitFor({state: 'attached'});
        if (await notice.getByTestId('frontdesk-banner').count() !== 0) {
            throw new Error('a banner shows in a Telegram chat that can be answered');
        }
        const input = page.getByTestId('host-composer-input');
        const long = 'A'.repeat(max + 1);
        await input.fill('A'.repeat(max - 10));
        await notice.getByTestId('frontdesk-counter').filter({hasText: `${max - 10} / ${max}`}).waitFor();
        await input.fill(long);
        await page.locator('[data-testid="frontdesk-counter"][data-over="true"]').filter({hasText: `${max + 1} / ${max}`}).waitFor();
        await shot('staff-counter.png');
        const postsBefore = await page.getByTestId('host-thread-post').count();
        let posted = 0;
        page.on('request', (r) => {
            if (r.method() === 'POST' && r.url().endsWith('/api/v4/posts')) {
                posted++;
            }
        });
        await page.getByTestId('host-composer-send').click();
        await page.getByTestId('host-composer-error').filter({hasText: `at most ${max}`}).waitFor();
        if (await input.inputValue() !== long) {
            throw new Error('the refused reply was not kept in the composer');
        }
        if (posted !== 0 || await page.getByTestId('host-thread-post').count() !== postsBefore) {
            throw new Error('the refused reply was posted');
        }
        await shot('staff-refused.png');
        await input.fill('');
        await composer.getByTestId('frontdesk-quick-button').click();
        await page.locator(`[data-testid="frontdesk-quick-item"][data-name="${quickName}"]`).click();
        if (await input.inputValue() !== quickText) {
            throw new Error(`the quick reply put ${JSON.stringify(await input.inputValue())} in the composer`);
        }
        await page.getByTestId('host-composer-send').click();
        await waitFor('the quick reply in the thread', async () => (await page.getByTestId('host-thread-post-message').allTextContents()).some((t) => t.startsWith(quickText)));
        // The post can show (by its websocket event) a moment before the composer clears.
        await waitFor('the composer to clear after sending', async () => (await input.inputValue()) === '');
        // Read in its thread: the title's count goes down.
        await waitFor(`the title "(${indicators.unread - 1}) …"`, async () => (await page.title()).startsWith(`(${indicators.unread - 1}) `));
        console.log(`staff: ok composer refused ${max + 1} characters and kept them; quick reply ${quickName} sent; title ${JSON.stringify(await page.title())}`);

        // 5. A WhatsApp chat whose 24-hour window closed: the banner before typing, with the deep
        // link and the template picker; free text is refused and kept; a template goes.
        await page.evaluate((id) => window.hostOpenThread(id), jan.root_post_id);
        const janNotice = page.locator(`[data-testid="frontdesk-thread-notice"][data-conversation-id="${jan.id}"]`);
        const banner = janNotice.locator('[data-testid="frontdesk-banner"][data-reason="window_closed"]');
        await banner.filter({hasText: '24-hour WhatsApp window is closed'}).waitFor();
        await shot('staff-window.png');
        await input.fill('Are you still there?');
        await page.getByTestId('host-composer-send').click();
        await page.getByTestId('host-composer-error').filter({hasText: 'only an approved template'}).waitFor();
        if (await input.inputValue() !== 'Are you still there?') {
            throw new Error('the refused WhatsApp reply was not kept');
        }
        await banner.getByTestId('frontdesk-banner-templates').click();
        await pickTemplate(banner.getByTestId('frontdesk-template'), template);
        await banner.getByTestId('frontdesk-template-param').fill('Jan');
        await shot('staff-template.png');
        await banner.getByTestId('frontdesk-banner-template-send').click();
        // The thread shows the template's post live, and the banner moves under it: the window
        // stays closed until Jan writes.
        await waitFor('the template\'s post in the thread', async () => (await page.getByTestId('host-thread-post-message').allTextContents()).some((t) => t.includes(`**${template}** sent`)));
        await janNotice.locator('[data-testid="frontdesk-banner"][data-reason="window_closed"]').waitFor();
        console.log(`staff: ok window banner; template ${template} sent to ${whatsapp}`);

        // 6. + Chat on WhatsApp to a new number: free text is refused with the provider's rule,
        // the template picker follows, the template starts the chat at the fake.
        await page.getByTestId('frontdesk-newchat-button').click();
        const form = page.getByTestId('frontdesk-newchat');
        await form.getByTestId('frontdesk-newchat-connection').selectOption(jan.connection_id);
        await form.getByTestId('frontdesk-newchat-rule').filter({hasText: '24 hours'}).waitFor();
        await form.getByTestId('frontdesk-newchat-customer').fill(newPhone);
        await form.getByTestId('frontdesk-newchat-text').fill('Your laptop is ready');
        await form.getByTestId('frontdesk-newchat-send').click();
        const refusal = await form.getByTestId('frontdesk-newchat-failed').textContent();
        await pickTemplate(form.getByTestId('frontdesk-template'), template);
        await form.getByTestId('frontdesk-template-param').fill('Ola');
        await shot('staff-new-chat-refused.png');
        await form.getByTestId('frontdesk-newchat-send').click();
        const started = page.getByTestId('frontdesk-newchat-started');
        await started.waitFor();
        const startedId = await started.getAttribute('data-conversation-id');
        await page.locator(`[data-testid="frontdesk-chat"][data-conversation-id="${startedId}"]`).waitFor();
        await shot('staff-new-chat.png');
        console.log(`staff: ok + Chat refused free text (${JSON.stringify(refusal)}) and started ${startedId} with ${template}`);

        // 6b. + Chat to a known customer: typing part of the name suggests the customer's chat;
        // picking it sets its connection, and the text goes to that customer at the fake.
        await started.getByRole('button', {name: 'Cancel'}).click();
        await page.getByTestId('frontdesk-newchat-button').click();
        await form.getByTestId('frontdesk-newchat-customer').fill(telegram.slice(0, 4));
        const suggestion = form.getByTestId('frontdesk-newchat-known-customer').filter({hasText: `${telegram} · Telegram`});
        await suggestion.click();
        if (await form.getByTestId('frontdesk-newchat-connection').inputValue() !== anna.connection_id) {
            throw new Error('picking a known customer did not choose the connection of their chat');
        }
        if (await form.getByTestId('frontdesk-newchat-customer').inputValue() !== telegram) {
            throw new Error(`the customer field shows ${JSON.stringify(await form.getByTestId('frontdesk-newchat-customer').inputValue())} for the picked customer`);
        }
        await form.getByTestId('frontdesk-newchat-text').fill(knownText);
        await shot('staff-new-chat-known.png');
        await form.getByTestId('frontdesk-newchat-send').click();
        await started.waitFor();
        if (await started.getAttribute('data-conversation-id') !== anna.id) {
            throw new Error(`+ Chat to ${telegram} answered chat ${await started.getAttribute('data-conversation-id')}, want her chat ${anna.id}`);
        }
        await started.getByRole('button', {name: 'Cancel'}).click();
        console.log(`staff: ok + Chat to known customer ${telegram} in chat ${anna.id}`);

        // 6c. A customer who blocked the bot: the banner says so before typing, and a reply is
        // refused with the draft kept and nothing posted.
        await page.evaluate((id) => window.hostOpenThread(id), bogdan.root_post_id);
        const bogdanNotice = page.locator(`[data-testid="frontdesk-thread-notice"][data-conversation-id="${bogdan.id}"]`);
        await bogdanNotice.locator('[data-testid="frontdesk-banner"][data-reason="opted_out"]').filter({hasText: 'blocked the bot'}).waitFor();
        const blockedPosts = await page.getByTestId('host-thread-post').count();
        const postedBefore = posted;
        await input.fill('Are you still interested?');
        await page.getByTestId('host-composer-send').click();
        await page.getByTestId('host-composer-error').filter({hasText: 'blocked the bot'}).waitFor();
        if (await input.inputValue() !== 'Are you still interested?') {
            throw new Error('the reply to a customer who blocked the bot was not kept');
        }
        if (posted !== postedBefore || await page.getByTestId('host-thread-post').count() !== blockedPosts) {
            throw new Error('the reply to a customer who blocked the bot was posted');
        }
        await shot('staff-opted-out.png');
        await input.fill('');
        console.log(`staff: ok opted-out refusal kept the draft for ${other}`);

        // Back in Jan's thread for the next step.
        await page.evaluate((id) => window.hostOpenThread(id), jan.root_post_id);
        await janNotice.waitFor({state: 'attached'});

        // 7. The WhatsApp connection loses sync while Jan's thread is open: the banner says so at
        // once (the websocket's connection_changed), tells this user, who is no admin, to ask
        // one, and a reply is refused with the draft kept.
        await writeFile(path.join(handshake, 'staff-ready-lost'), '');
        await waitForFile(path.join(handshake, 'staff-lost'), 60_000);
        const lost = janNotice.locator('[data-testid="frontdesk-banner"][data-reason="sync_lost"]');
        await lost.getByTestId('frontdesk-banner-ask-admin').waitFor();
        await janRow.getByTestId('frontdesk-chat-sync-lost').waitFor();
        await input.fill('Sorry for the wait');
        await page.getByTestId('host-composer-send').click();
        await page.getByTestId('host-composer-error').filter({hasText: 'lost sync'}).waitFor();
        if (await input.inputValue() !== 'Sorry for the wait') {
            throw new Error('the reply refused for lost sync was not kept');
        }
        await shot('staff-sync-lost.png');
        console.log('staff: ok lost sync banner and refusal');

        if (problems.length > 0) {
            throw new Error('the page reported errors');
        }
    } catch (err) {
        if (page) {
            await page.screenshot({path: path.join(shots, 'staff-failed.png'), fullPage: true}).catch(() => undefined);
        }
        console.error(`staff browser test FAILED: ${err instanceof Error ? err.message : String(err)}`);
        for (const p of problems) {
            console.error(`  ${p}`);
        }
        process.exitCode = 1;
    } finally {
        await context?.close().catch(() => undefined);
        await rm(userDataDir, {recursive: true, force: true});
    }
}

main();
