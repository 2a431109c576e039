import {bellIcon, keepTitle, watchAppBar, watchTitle} from './app_bar';
import type {SharedIndicators} from './indicators';

function svgOf(url: string): string {
    return decodeURIComponent(url.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
}

// fakeIndicators answers what a test sets and calls the watchers when told.
function fakeIndicators() {
    const listeners = new Set<() => void>();
    let value: {unread: number; unanswered: number; attention: number} | null = null;
    const shared: SharedIndicators = {
        watch(_base, listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
        current: () => value,
    };
    return {
        shared,
        set(next: typeof value) {
            value = next;
            for (const l of [...listeners]) {
                l();
            }
        },
        watchers: () => listeners.size,
    };
}

describe('the App Bar icon', () => {
    test('draws the bell alone at zero, and the red badge with the count otherwise', () => {
        expect(svgOf(bellIcon(0))).not.toContain('#d24b4e');
        expect(svgOf(bellIcon(3))).toContain('>3</text>');
        expect(svgOf(bellIcon(3))).toContain('fill="#d24b4e"');
        expect(svgOf(bellIcon(250))).toContain('>99+</text>');
    });

    test('is registered again only when the count changes', () => {
        const ind = fakeIndicators();
        const registered: number[] = [];
        const stop = watchAppBar(ind.shared, '', (_url, count) => registered.push(count));
        expect(registered).toEqual([0]);
        ind.set({unread: 1, unanswered: 2, attention: 2});
        ind.set({unread: 2, unanswered: 2, attention: 2});
        ind.set({unread: 0, unanswered: 5, attention: 5});
        expect(registered).toEqual([0, 2, 5]);
        stop();
        expect(ind.watchers()).toBe(0);
    });
});

describe('the tab title', () => {
    test('shows the unread count before the web app\'s title, follows its changes and is restored at zero', async () => {
        document.title = 'Town Square - Shop';
        const ind = fakeIndicators();
        const stop = watchTitle(ind.shared, '', keepTitle(document), (n) => `(${n}) `);
        expect(document.title).toBe('Town Square - Shop');

        ind.set({unread: 3, unanswered: 0, attention: 3});
        expect(document.title).toBe('(3) Town Square - Shop');

        // The web app writes its own title on a channel switch: the count comes back before it.
        document.title = 'Orders - Shop';
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(document.title).toBe('(3) Orders - Shop');

        ind.set({unread: 0, unanswered: 1, attention: 1});
        expect(document.title).toBe('Orders - Shop');
        ind.set({unread: 1, unanswered: 1, attention: 1});
        stop();
        expect(document.title).toBe('Orders - Shop');
    });
});
