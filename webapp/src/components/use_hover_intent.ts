// Hover intent for Frontdesk's hover cards: the client card on a chat's name and the phone card
// on a phone number.
import {useCallback, useEffect, useRef, useState} from 'react';

// A pointer crossing the list on its way elsewhere should not load every row's client.
export const HOVER_OPEN_MS = 400;
const HOVER_CLOSE_MS = 100;

export type HoverIntent = {
    open: boolean;
    show: () => void;
    hide: () => void;
    close: () => void;
};

// useHoverIntent opens after the pointer or focus has rested a moment, and closes soon after it
// leaves, or at once on close() (Escape).
export function useHoverIntent(): HoverIntent {
    const [open, setOpen] = useState(false);
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

    const later = useCallback((next: boolean, ms: number) => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setOpen(next), ms);
    }, []);
    const show = useCallback(() => later(true, HOVER_OPEN_MS), [later]);
    const hide = useCallback(() => later(false, HOVER_CLOSE_MS), [later]);
    const close = useCallback(() => {
        clearTimeout(timer.current);
        setOpen(false);
    }, []);

    useEffect(() => () => clearTimeout(timer.current), []);
    return {open, show, hide, close};
}
