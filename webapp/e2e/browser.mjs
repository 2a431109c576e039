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
//
// Exits 0 when the panel shows the signed-in user and the plugin version from GET /status;
// otherwise exits 1 and prints what failed with the page's console errors.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';

import {chromium} from 'playwright-core';

const TIMEOUT_MS = 30_000;

function env(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`environment variable ${name} is required`);
    }
    return value;
}

async function main() {
    const siteURL = env('FRONTDESK_SITE_URL').replace(/\/+$/, '');
    const username = env('FRONTDESK_USERNAME');
    const password = env('FRONTDESK_PASSWORD');
    const screenshot = env('FRONTDESK_SCREENSHOT');
    const executablePath = process.env.FRONTDESK_CHROMIUM || '/usr/bin/chromium';

    const userDataDir = await mkdtemp(path.join(tmpdir(), 'frontdesk-chromium-'));
    const problems = [];
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
            if (message.type() === 'error') {
                problems.push(`console error: ${message.text()}`);
            }
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) => {
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

main().catch((err) => {
    console.error(`browser test FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
});
