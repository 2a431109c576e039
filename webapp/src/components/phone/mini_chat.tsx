// The mini chat window (F19, F20): a small floating window over the web app, registered once as
// a root component. It shows a chat's Mattermost thread (the customer on the left, staff on the
// right, newest at the bottom, new posts live from the websocket) with a composer that replies as
// the user, or the form that starts a chat with a phone number. The plugin's post hooks relay
// the reply; a refusal comes back as Mattermost's error and the text stays in the composer.
import React, {useCallback, useEffect, useRef, useState, type KeyboardEvent} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {createPost, getThread} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Conversation, MattermostPost} from '../../client/types';
import {msg} from '../../i18n';
import {useMiniChat, useMiniChatTarget} from '../../mini_chat_store';
import {ErrorAlert} from '../error_text';
import {kindLabels} from '../kind_labels';

import {muted, styles} from './mini_chat_styles';
import StartChat from './start_chat';

export default function MiniChatWindow() {
    const target = useMiniChatTarget();
    const miniChat = useMiniChat();
    const intl = useIntl();
    const dialog = useRef<HTMLElement>(null);

    // Focus moves into the window as it opens, so Escape and Tab work at once; the composer
    // takes it once the thread or the connections have loaded.
    useEffect(() => {
        if (target && !dialog.current?.contains(document.activeElement)) {
            dialog.current?.focus();
        }
    }, [target]);

    if (!target) {
        return null;
    }
    const title = target.kind === 'chat' ?
        intl.formatMessage(msg('frontdesk.minichat.title'), {name: target.conversation.customer.name || target.conversation.customer.phone || ''}) :
        intl.formatMessage(msg('frontdesk.minichat.newTitle'), {phone: target.phone});
    const onKeyDown = (e: KeyboardEvent) => {
        if (e.key === 'Escape') {
            e.stopPropagation();
            miniChat.close();
        }
    };
    return (
        <section
            ref={dialog}
            tabIndex={-1}
            data-testid='frontdesk-mini-chat'
            data-mode={target.kind}
            role='dialog'
            aria-label={title}
            style={styles.window}
            onKeyDown={onKeyDown}
        >
            <header style={styles.header}>
                <div style={styles.titles}>
                    <strong
                        data-testid='frontdesk-mini-chat-title'
                        style={styles.title}
                    >
                        {title}
                    </strong>
                    {target.kind === 'chat' && <ProviderLine conversation={target.conversation}/>}
                </div>
                <button
                    type='button'
                    data-testid='frontdesk-mini-chat-close'
                    aria-label={intl.formatMessage(msg('frontdesk.minichat.close'))}
                    title={intl.formatMessage(msg('frontdesk.minichat.close'))}
                    style={styles.close}
                    onClick={() => miniChat.close()}
                >
                    {'×'}
                </button>
            </header>
            {target.kind === 'chat' ? (
                <ChatThread
                    key={target.conversation.id}
                    conversation={target.conversation}
                />
            ) : (
                <StartChat
                    key={target.phone}
                    phone={target.phone}
                />
            )}
        </section>
    );
}

function ProviderLine({conversation: c}: {conversation: Conversation}) {
    const kind = kindLabels[c.kind];
    return (
        <span
            data-testid='frontdesk-mini-chat-provider'
            style={styles.subtitle}
        >
            {kind ? <FormattedMessage {...msg(kind)}/> : c.kind}
            {` · ${c.account_name || c.connection_name}`}
        </span>
    );
}

type Loaded =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; root: MattermostPost; posts: MattermostPost[]};

// A thread's replies oldest first, without system messages or deleted posts.
export function threadReplies(rootId: string, posts: MattermostPost[]): MattermostPost[] {
    const seen = new Set<string>();
    return posts.
        filter((p) => p.root_id === rootId && !p.delete_at && !p.type?.startsWith('system_')).
        filter((p) => !seen.has(p.id) && Boolean(seen.add(p.id))).
        sort((a, b) => a.create_at - b.create_at);
}

export type Side = 'customer' | 'staff' | 'notice';

// sideOf places a post: the customer's messages (relayed in) left, people's replies and messages
// sent from the provider's app right, the bot's own lines (links, documents) and notes between.
export function sideOf(post: MattermostPost, botId: string): Side {
    const direction = post.props?.frontdesk_direction;
    if (direction === 'in') {
        return 'customer';
    }
    if (direction === 'out') {
        return 'staff';
    }
    if (post.user_id === botId || post.type === 'custom_frontdesk_note') {
        return 'notice';
    }
    return 'staff';
}

// bubbleText is a post's text as the bubble shows it: a relayed message starts with the
// customer's name in bold, which the window's title already says.
export function bubbleText(post: MattermostPost, side: Side): string {
    const text = post.message.replace(/\u200b/g, '');
    return side === 'customer' ? text.replace(/^\*\*[^\n]*?:\*\* /, '') : text;
}

function useThread(conversation: Conversation): [Loaded, (post: MattermostPost) => void] {
    const base = useSelector((state: SiteState) => baseURL(state));
    const miniChat = useMiniChat();
    const [loaded, setLoaded] = useState<Loaded>({kind: 'loading'});
    const rootId = conversation.root_post_id;

    const add = useCallback((post: MattermostPost) => {
        setLoaded((l) => (l.kind === 'ready' && post.root_id === rootId ? {...l, posts: threadReplies(rootId, [...l.posts, post])} : l));
    }, [rootId]);

    useEffect(() => {
        const abort = new AbortController();
        // Posts that arrive while the thread loads are kept and merged in.
        const early: MattermostPost[] = [];
        const stop = miniChat.onPosted((post) => {
            if (post.root_id === rootId) {
                early.push(post);
                add(post);
            }
        });
        getThread(base, rootId, abort.signal).then((thread) => {
            const root = thread.posts[rootId];
            if (!root) {
                throw new Error(`no post ${rootId}`);
            }
            setLoaded({kind: 'ready', root, posts: threadReplies(rootId, [...Object.values(thread.posts), ...early])});
        }).catch((error: Error) => {
            if (!abort.signal.aborted) {
                setLoaded({kind: 'error', error});
            }
        });
        return () => {
            stop();
            abort.abort();
        };
    }, [base, rootId, miniChat, add]);

    return [loaded, add];
}

function ChatThread({conversation}: {conversation: Conversation}) {
    const [loaded, add] = useThread(conversation);
    const end = useRef<HTMLDivElement>(null);
    const count = loaded.kind === 'ready' ? loaded.posts.length : 0;

    useEffect(() => {
        end.current?.scrollIntoView?.({block: 'end'});
    }, [count]);

    let body;
    if (loaded.kind === 'loading') {
        body = (
            <p
                data-testid='frontdesk-mini-chat-loading'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.minichat.loading')}/>
            </p>
        );
    } else if (loaded.kind === 'error') {
        body = (
            <ErrorAlert
                error={loaded.error}
                message='frontdesk.minichat.error'
                testId='frontdesk-mini-chat-error'
                style={styles.error}
            />
        );
    } else if (loaded.posts.length === 0) {
        body = (
            <p
                data-testid='frontdesk-mini-chat-empty'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.minichat.empty')}/>
            </p>
        );
    } else {
        body = loaded.posts.map((p) => {
            const side = sideOf(p, loaded.root.user_id);
            return (
                <div
                    key={p.id}
                    data-testid='frontdesk-mini-chat-message'
                    data-post-id={p.id}
                    data-side={side}
                    style={{...styles.bubble, ...bubbleStyles[side]}}
                >
                    {bubbleText(p, side)}
                </div>
            );
        });
    }
    return (
        <>
            <div
                data-testid='frontdesk-mini-chat-messages'
                role='log'
                aria-live='polite'
                style={styles.messages}
            >
                {body}
                <div ref={end}/>
            </div>
            {loaded.kind === 'ready' && (
                <Composer
                    channelId={loaded.root.channel_id}
                    rootId={loaded.root.id}
                    onSent={add}
                />
            )}
        </>
    );
}

function Composer({channelId, rootId, onSent}: {channelId: string; rootId: string; onSent: (post: MattermostPost) => void}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const intl = useIntl();
    const [text, setText] = useState('');
    const [sending, setSending] = useState(false);
    const [error, setError] = useState<Error | null>(null);
    const input = useRef<HTMLTextAreaElement>(null);

    useEffect(() => {
        input.current?.focus();
    }, []);

    const send = async () => {
        const message = text.trim();
        if (!message || sending) {
            return;
        }
        setSending(true);
        setError(null);
        try {
            onSent(await createPost(base, {channel_id: channelId, root_id: rootId, message}));
            setText('');
        } catch (err) {
            // The text stays: the user fixes what the refusal says, or sends it elsewhere.
            setError(err as Error);
        } finally {
            setSending(false);
            input.current?.focus();
        }
    };
    const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
        }
    };
    return (
        <form
            style={styles.composer}
            onSubmit={(e) => {
                e.preventDefault();
                send();
            }}
        >
            {error && (
                <ErrorAlert
                    error={error}
                    message='frontdesk.minichat.sendFailed'
                    testId='frontdesk-mini-chat-send-error'
                    style={styles.error}
                />
            )}
            <div style={styles.row}>
                <textarea
                    ref={input}
                    data-testid='frontdesk-mini-chat-input'
                    aria-label={intl.formatMessage(msg('frontdesk.minichat.placeholder'))}
                    placeholder={intl.formatMessage(msg('frontdesk.minichat.placeholder'))}
                    rows={2}
                    value={text}
                    style={styles.input}
                    onChange={(e) => setText(e.target.value)}
                    onKeyDown={onKeyDown}
                />
                <button
                    type='submit'
                    className='btn btn-primary btn-sm'
                    data-testid='frontdesk-mini-chat-send'
                    disabled={sending || !text.trim()}
                >
                    <FormattedMessage {...msg(sending ? 'frontdesk.minichat.sending' : 'frontdesk.minichat.send')}/>
                </button>
            </div>
        </form>
    );
}

const bubbleStyles: Record<Side, React.CSSProperties> = {
    customer: {alignSelf: 'flex-start', background: 'rgba(var(--center-channel-color-rgb), 0.08)', borderBottomLeftRadius: '2px'},
    staff: {alignSelf: 'flex-end', background: 'var(--button-bg, #1c58d9)', color: 'var(--button-color, #fff)', borderBottomRightRadius: '2px'},
    notice: {alignSelf: 'center', maxWidth: '100%', background: 'transparent', textAlign: 'center', ...muted},
};
