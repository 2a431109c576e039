// The open thread (window.hostOpenThread), standing in for the web app's thread view with its
// reply composer: the posts of the thread, their messages as the format hooks leave them, and a
// composer whose formatting bar draws the plugins' registerPostEditorActionComponent components
// with the draft and a way to replace its text. Under each post the plugins'
// registerPostMessageAttachmentComponent components are drawn with its id; the draft is kept as
// the web app keeps it, in storage.storage['comment_draft_<root id>']. Sending runs the plugins' MessageWillBePosted
// hooks first, as the web app does: a hook's error is shown under the composer and the draft
// stays; otherwise the reply is posted with POST /api/v4/posts and the draft is cleared.
import React, {useState} from 'react';
import {useSelector, useStore} from 'react-redux';
import type {Store} from 'redux';

import {getJSON} from './loader';
import {formatMessage, runPostHooks, type HostPost, type HostState} from './store';

// reloadThread loads the thread again, as the web app does after a reply.
export async function reloadThread(store: Store<HostState>, rootId: string): Promise<void> {
    const thread = await getJSON<{order: string[]; posts: Record<string, HostPost>}>(`/api/v4/posts/${encodeURIComponent(rootId)}/thread`);
    if (thread.data) {
        store.dispatch({type: 'HOST_OPENED_THREAD', rootId, posts: Object.values(thread.data.posts)});
    }
}

function csrf(): string {
    const m = /(?:^|;\s*)MMCSRF=([^;]*)/.exec(document.cookie);
    return m ? decodeURIComponent(m[1]) : '';
}

export default function ThreadView() {
    const rootId = useSelector((s: HostState) => s.views.rhs.selectedPostId);
    const root = useSelector((s: HostState) => s.entities.posts.posts[rootId]);
    const replyIds = useSelector((s: HostState) => s.entities.posts.postsInThread[rootId]);
    const posts = useSelector((s: HostState) => s.entities.posts.posts);
    if (!rootId || !root) {
        return null;
    }
    const replies = (replyIds ?? []).map((id) => posts[id]).filter(Boolean).sort((a, b) => (a.create_at ?? 0) - (b.create_at ?? 0));
    return (
        <section
            className='host-thread'
            data-testid='host-thread-view'
            data-root-id={rootId}
        >
            <h2 className='host-thread-title'>{'Thread'}</h2>
            {[root, ...replies].map((p) => (
                <ThreadPost
                    key={p.id}
                    post={p}
                />
            ))}
            <Composer
                rootId={rootId}
                channelId={root.channel_id ?? ''}
            />
        </section>
    );
}

function ThreadPost({post}: {post: HostPost}) {
    const message = useSelector((s: HostState) => formatMessage(s, post));
    const attachments = useSelector((s: HostState) => s.host.postAttachments);
    return (
        <article
            className='host-thread-post'
            data-testid='host-thread-post'
            data-post-id={post.id}
        >
            <span data-testid='host-thread-post-message'>{message}</span>
            {attachments.map((a) => (
                <a.component
                    key={a.id}
                    postId={post.id}
                />
            ))}
        </article>
    );
}

function Composer({rootId, channelId}: {rootId: string; channelId: string}) {
    const store = useStore<HostState>();
    const message = useSelector((s: HostState) => s.storage.storage[`comment_draft_${rootId}`]?.value.message ?? '');
    const actions = useSelector((s: HostState) => s.host.editorActions);
    const [error, setError] = useState('');
    const [sending, setSending] = useState(false);
    const setMessage = (next: string) => store.dispatch({type: 'HOST_DRAFT', rootId, channelId, message: next});

    const submit = async () => {
        if (!message.trim() || sending) {
            return;
        }
        setSending(true);
        setError('');
        try {
            const result = await runPostHooks(store.getState(), {message, channel_id: channelId, root_id: rootId});
            if ('error' in result) {
                setError(result.error.message);
                return;
            }
            const response = await fetch('/api/v4/posts', {
                method: 'POST',
                credentials: 'same-origin',
                headers: {'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest', 'X-CSRF-Token': csrf()},
                body: JSON.stringify(result.post),
            });
            if (!response.ok) {
                const body = await response.json().catch(() => ({})) as {message?: string};
                setError(body.message || `POST /api/v4/posts answered ${response.status}`);
                return;
            }
            setMessage('');
            await reloadThread(store, rootId);
        } finally {
            setSending(false);
        }
    };

    return (
        <div
            className='host-composer'
            data-testid='host-composer'
        >
            <textarea
                data-testid='host-composer-input'
                placeholder='Reply…'
                rows={3}
                value={message}
                onChange={(e) => setMessage(e.target.value)}
                onKeyDown={(e) => {
                    if (e.key === 'Enter' && !e.shiftKey) {
                        e.preventDefault();
                        submit();
                    }
                }}
            />
            <div
                className='host-formatting-bar'
                data-testid='host-formatting-bar'
            >
                {actions.map((a) => (
                    <a.component
                        key={a.id}
                        draft={{message, rootId, channelId}}
                        getSelectedText={() => ({start: message.length, end: message.length})}
                        updateText={setMessage}
                    />
                ))}
                <button
                    type='button'
                    className='btn btn-primary btn-sm host-composer-send'
                    data-testid='host-composer-send'
                    disabled={sending || !message.trim()}
                    onClick={submit}
                >
                    {'Send'}
                </button>
            </div>
            {error && (
                <p
                    className='host-error'
                    role='alert'
                    data-testid='host-composer-error'
                >
                    {error}
                </p>
            )}
        </div>
    );
}
