import {createChanges} from './changes';
import type {Indicators} from './client/types';
import {createIndicators} from './indicators';

function answer(attention: number): Indicators {
    return {unread: attention, unanswered: attention, attention};
}

// loads records every call; each is settled by hand in the order the test chooses.
function manualLoad() {
    const calls: Array<{base: string; signal: AbortSignal; resolve: (v: Indicators) => void; reject: (e: Error) => void}> = [];
    const load = (base: string, signal?: AbortSignal) => new Promise<Indicators>((resolve, reject) => {
        calls.push({base, signal: signal!, resolve, reject});
    });
    return {calls, load};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const afterMerge = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('createIndicators', () => {
    test('the first watcher loads; a second one shares the answer without a call', async () => {
        const {calls, load} = manualLoad();
        const shared = createIndicators(createChanges(1), load);
        const first = vi.fn();
        shared.watch('http://mm.test', first);

        expect(calls.map((c) => c.base)).toEqual(['http://mm.test']);
        expect(shared.current()).toBeNull();
        calls[0].resolve(answer(2));
        await tick();
        expect(first).toHaveBeenCalledTimes(1);
        expect(shared.current()?.attention).toBe(2);

        const second = vi.fn();
        shared.watch('http://mm.test', second);
        expect(calls).toHaveLength(1);
        expect(shared.current()?.attention).toBe(2);
    });

    test('a burst of changes costs one call for all watchers', async () => {
        const changes = createChanges(1);
        const {calls, load} = manualLoad();
        const shared = createIndicators(changes, load);
        const a = vi.fn();
        const b = vi.fn();
        shared.watch('', a);
        shared.watch('', b);
        calls[0].resolve(answer(1));
        await tick();

        changes.notify();
        changes.notify();
        changes.notify();
        await afterMerge();

        expect(calls).toHaveLength(2);
        calls[1].resolve(answer(5));
        await tick();
        expect(shared.current()?.attention).toBe(5);
        expect(a).toHaveBeenCalledTimes(2);
        expect(b).toHaveBeenCalledTimes(2);
    });

    test('a newer load wins over an older one that answers late', async () => {
        const changes = createChanges(1);
        const {calls, load} = manualLoad();
        const shared = createIndicators(changes, load);
        shared.watch('', () => undefined);
        changes.notify();
        await afterMerge();

        expect(calls).toHaveLength(2);
        expect(calls[0].signal.aborted).toBe(true);
        calls[1].resolve(answer(3));
        calls[0].resolve(answer(9));
        await tick();
        expect(shared.current()?.attention).toBe(3);
    });

    test('a failed load keeps the last answer', async () => {
        const changes = createChanges(1);
        const {calls, load} = manualLoad();
        const shared = createIndicators(changes, load);
        const listener = vi.fn();
        shared.watch('', listener);
        calls[0].resolve(answer(4));
        await tick();

        changes.notify();
        await afterMerge();
        calls[1].reject(new Error('down'));
        await tick();

        expect(shared.current()?.attention).toBe(4);
        expect(listener).toHaveBeenCalledTimes(1);
    });

    test('unwatched it neither listens nor loads; the next watcher loads afresh', async () => {
        const changes = createChanges(1);
        const {calls, load} = manualLoad();
        const shared = createIndicators(changes, load);
        const stop = shared.watch('', () => undefined);
        calls[0].resolve(answer(1));
        await tick();
        stop();

        changes.notify();
        await afterMerge();
        expect(calls).toHaveLength(1);

        shared.watch('', () => undefined);
        expect(calls).toHaveLength(2);
    });

    test('a watcher with another base URL loads from it', () => {
        const {calls, load} = manualLoad();
        const shared = createIndicators(createChanges(1), load);
        shared.watch('http://a.test', () => undefined);
        shared.watch('http://a.test', () => undefined);
        shared.watch('http://b.test', () => undefined);

        expect(calls.map((c) => c.base)).toEqual(['http://a.test', 'http://b.test']);
        expect(calls[0].signal.aborted).toBe(true);
    });
});
