// What the browser scripts share: their environment and their waits.
import {access} from 'node:fs/promises';
import path from 'node:path';

// TIMEOUT_MS bounds each step of a browser script.
export const TIMEOUT_MS = 30_000;

// env is a required environment variable.
export function env(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`environment variable ${name} is required`);
    }
    return value;
}

// waitForFile waits for a handshake file the Go side of the test writes.
export async function waitForFile(file, ms) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
        if (await access(file).then(() => true, () => false)) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${path.basename(file)} did not appear within ${ms / 1000}s`);
}
