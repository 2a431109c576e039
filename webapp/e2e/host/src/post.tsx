// The post the page draws in the centre (window.hostShowPost), standing in for a post in the web
// app's channel view: its message as the plugins' format hooks leave it, with Markdown links
// drawn as links and nothing else formatted. Resting the pointer on a link opens a tooltip with
// every registered link tooltip component given the link's href, as the web app's
// PluginLinkTooltip does; the tooltip stays while the pointer is on the link or on the tooltip
// (so its buttons can be used) and closes a moment after it leaves both.
import React, {useEffect, useRef, useState} from 'react';
import {useSelector} from 'react-redux';

import {formatMessage, type HostState} from './store';

const OPEN_MS = 150;
const CLOSE_MS = 300;

const LINK = /\[([^\]]*)\]\(([^)\s]+)\)/g;
const SAFE = /^(https?:|mailto:|tel:)/i;

// messageParts splits a formatted message into text and links; unsafe addresses stay text.
export function messageParts(message: string): Array<{text: string; href?: string}> {
    const parts: Array<{text: string; href?: string}> = [];
    let last = 0;
    for (const m of message.matchAll(LINK)) {
        if (!SAFE.test(m[2])) {
            continue;
        }
        if (m.index > last) {
            parts.push({text: message.slice(last, m.index)});
        }
        parts.push({text: m[1], href: m[2]});
        last = m.index + m[0].length;
    }
    if (last < message.length) {
        parts.push({text: message.slice(last)});
    }
    return parts;
}

export default function ShownPost() {
    const post = useSelector((s: HostState) => s.host.shownPost);
    const message = useSelector((s: HostState) => (post ? formatMessage(s, post) : ''));
    if (!post) {
        return null;
    }
    return (
        <article
            className='host-post'
            data-testid='host-post'
            data-post-id={post.id}
        >
            {messageParts(message).map((p, i) => (p.href ? (
                <PostLink
                    key={i}
                    href={p.href}
                    text={p.text}
                />
            ) : <span key={i}>{p.text}</span>))}
        </article>
    );
}

function PostLink({href, text}: {href: string; text: string}) {
    const tooltips = useSelector((s: HostState) => s.host.linkTooltips);
    const [open, setOpen] = useState(false);
    const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
    const later = (next: boolean, ms: number) => {
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setOpen(next), ms);
    };
    useEffect(() => () => clearTimeout(timer.current), []);

    const stay = () => later(true, open ? 0 : OPEN_MS);
    const leave = () => later(false, CLOSE_MS);
    return (
        <span className='host-post-link'>
            <a
                href={href}
                data-testid='host-post-link'
                data-href={href}
                onMouseEnter={stay}
                onMouseLeave={leave}
                onFocus={stay}
                onClick={(e) => e.preventDefault()}
            >
                {text}
            </a>
            {open && tooltips.length > 0 && (
                <span
                    className='host-link-tooltip'
                    data-testid='host-link-tooltip'
                    onMouseEnter={stay}
                    onMouseLeave={leave}
                >
                    {tooltips.map((t) => (
                        <t.component
                            key={t.id}
                            href={href}
                            show={true}
                        />
                    ))}
                </span>
            )}
        </span>
    );
}
