// Chats one click away (issue 10): the App Bar icon with the red badge of F4, and the count of
// unread chats in the browser tab's title. Both follow the shared indicators, live.
import type {SharedIndicators} from './indicators';

// The App Bar draws an image from a URL, not a component: the bell and its badge are drawn into
// an SVG data URL, and the icon is registered again when the count changes.
export function bellIcon(count: number): string {
    const bell = '<path fill="#7a7f8e" d="M12 5a2 2 0 0 0-2 2v.1A8 8 0 0 0 4 15h16a8 8 0 0 0-6-7.9V7a2 2 0 0 0-2-2zm-9 12a1 1 0 0 0 0 2h18a1 1 0 0 0 0-2H3z"/>';
    let badge = '';
    if (count > 0) {
        const label = count > 99 ? '99+' : String(count);
        const width = label.length > 1 ? 14 : 11;
        badge = `<rect x="${24 - width}" y="0" width="${width}" height="11" rx="5.5" fill="#d24b4e"/>` +
            `<text x="${24 - (width / 2)}" y="8.6" font-family="Arial, sans-serif" font-size="${label.length > 2 ? 6 : 8}" font-weight="700" fill="#ffffff" text-anchor="middle">${label}</text>`;
    }
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24">${bell}${badge}</svg>`;
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

// watchAppBar registers the icon with the current count and again whenever the count changes;
// register returns the id to unregister the previous icon with. It returns the way to stop.
export function watchAppBar(indicators: SharedIndicators, base: string, register: (iconUrl: string, count: number) => void): () => void {
    let shown = -1;
    const update = () => {
        const count = indicators.current()?.attention ?? 0;
        if (count !== shown) {
            shown = count;
            register(bellIcon(count), count);
        }
    };
    update();
    return indicators.watch(base, update);
}

// TitleKeeper puts a prefix before the tab's title and keeps it there when the web app writes
// its own title (on every channel switch); with no prefix the web app's title is left as it is.
export type TitleKeeper = {
    set(prefix: string): void;
    stop(): void;
};

export function keepTitle(doc: Document): TitleKeeper {
    let prefix = '';
    let base = doc.title;
    let written = doc.title;
    const apply = () => {
        if (doc.title !== written) {
            // Someone else wrote the title since: that is the title to prefix now.
            base = doc.title;
        }
        written = prefix + base;
        if (doc.title !== written) {
            doc.title = written;
        }
    };
    const observer = typeof MutationObserver === 'undefined' ? null : new MutationObserver(apply);
    if (observer && doc.head) {
        observer.observe(doc.head, {subtree: true, childList: true, characterData: true});
    }
    return {
        set(next) {
            prefix = next;
            apply();
        },
        stop() {
            observer?.disconnect();
            prefix = '';
            apply();
        },
    };
}

// watchTitle shows the unread count as the title's prefix, restoring the title at zero.
export function watchTitle(indicators: SharedIndicators, base: string, keeper: TitleKeeper, prefixOf: (count: number) => string): () => void {
    const update = () => {
        const count = indicators.current()?.unread ?? 0;
        keeper.set(count > 0 ? prefixOf(count) : '');
    };
    const stop = indicators.watch(base, update);
    return () => {
        stop();
        keeper.stop();
    };
}
