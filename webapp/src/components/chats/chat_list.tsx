// The chats of the channels the user can see (docs/features.md F4, F5, F16–F18): an Active / Archived switch,
// a search and filters (issue 10), one row per chat, opening a chat's thread with one click, and
// archive / reopen and assignment per row.
import React, {useState} from 'react';
import {FormattedMessage} from 'react-intl';
import {useSelector} from 'react-redux';

import {useChanges} from '../../changes';
import {archiveConversation, assignConversation, markConversationRead, reopenConversation} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Conversation, ConversationStatus} from '../../client/types';
import {msg} from '../../i18n';
import {currentTeamName, openPath, permalinkPath, type TeamState} from '../../navigate';
import ErrorText, {ErrorAlert} from '../error_text';

import ChatFilters from './chat_filters';
import ChatRow from './chat_row';
import {hasFilters, NO_FILTERS, useConversations, type Filters} from './use_conversations';

export default function ChatList() {
    const [status, setStatus] = useState<ConversationStatus>('active');
    const [filters, setFilters] = useState<Filters>(NO_FILTERS);
    return (
        <section
            data-testid='frontdesk-chats'
            style={styles.section}
        >
            <div
                role='tablist'
                style={styles.tabs}
            >
                <Tab
                    status='active'
                    selected={status}
                    onSelect={setStatus}
                />
                <Tab
                    status='archived'
                    selected={status}
                    onSelect={setStatus}
                />
            </div>
            <ChatFilters
                filters={filters}
                onChange={setFilters}
            />
            <Chats
                key={status}
                status={status}
                filters={filters}
                onClearFilters={() => setFilters(NO_FILTERS)}
            />
        </section>
    );
}

function Tab({status, selected, onSelect}: {status: ConversationStatus; selected: ConversationStatus; onSelect: (s: ConversationStatus) => void}) {
    const active = status === selected;
    return (
        <button
            type='button'
            role='tab'
            aria-selected={active}
            data-testid={`frontdesk-tab-${status}`}
            style={{...styles.tab, ...(active ? styles.tabSelected : {})}}
            onClick={() => onSelect(status)}
        >
            <FormattedMessage {...msg(status === 'active' ? 'frontdesk.chats.active' : 'frontdesk.chats.archived')}/>
        </button>
    );
}

function Chats({status, filters, onClearFilters}: {status: ConversationStatus; filters: Filters; onClearFilters: () => void}) {
    const base = useSelector((state: SiteState) => baseURL(state));
    const teamName = useSelector((state: TeamState) => currentTeamName(state));
    const changes = useChanges();
    const {state, retry, loadMore, change} = useConversations(status, filters);
    const [busy, setBusy] = useState<Record<string, boolean>>({});
    const [errors, setErrors] = useState<Record<string, Error | null>>({});

    // F5 (docs/features.md): one click opens the thread; reading it there is what marks it read (F12 on the
    // customer's side), so the mark is sent before leaving the list.
    const open = (c: Conversation) => {
        change(c.id, {...c, unread: false});
        markConversationRead(base, c.id).
            catch(() => undefined).
            finally(() => {
                changes.notify();
                openPath(base, permalinkPath(teamName, c.root_post_id));
            });
    };

    const act = (c: Conversation, call: (base: string, id: string) => Promise<Conversation>) => {
        setBusy((b) => ({...b, [c.id]: true}));
        setErrors((e) => ({...e, [c.id]: null}));
        call(base, c.id).then(
            () => {
                // It now belongs to the other tab.
                change(c.id, null);
                changes.notify();
            },
            (err: unknown) => setErrors((e) => ({...e, [c.id]: err instanceof Error ? err : new Error(String(err))})),
        ).finally(() => setBusy((b) => ({...b, [c.id]: false})));
    };

    // Take, Assign… and Unassign: the row shows the answer at once.
    const assign = (c: Conversation, userId: string) => {
        setBusy((b) => ({...b, [c.id]: true}));
        setErrors((e) => ({...e, [c.id]: null}));
        assignConversation(base, c.id, userId).then(
            (next) => {
                change(c.id, {...c, ...next});
                changes.notify();
            },
            (err: unknown) => setErrors((e) => ({...e, [c.id]: err instanceof Error ? err : new Error(String(err))})),
        ).finally(() => setBusy((b) => ({...b, [c.id]: false})));
    };

    switch (state.kind) {
    case 'loading':
        return (
            <p
                role='status'
                data-testid='frontdesk-chats-loading'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.chats.loading')}/>
            </p>
        );
    case 'error':
        return (
            <div
                role='alert'
                data-testid='frontdesk-chats-error'
            >
                <p data-testid='frontdesk-chats-error-message'>
                    <ErrorText
                        error={state.error}
                        message='frontdesk.chats.error'
                    />
                </p>
                <button
                    type='button'
                    className='btn btn-tertiary'
                    data-testid='frontdesk-chats-retry'
                    onClick={retry}
                >
                    <FormattedMessage {...msg('frontdesk.status.retry')}/>
                </button>
            </div>
        );
    case 'ready':
        break;
    }

    return (
        <div
            data-testid={`frontdesk-chats-${status}`}
            data-count={state.items.length}
        >
            {state.refreshError && (
                <p
                    role='alert'
                    data-testid='frontdesk-chats-stale'
                    style={styles.error}
                >
                    <ErrorText
                        error={state.refreshError}
                        message='frontdesk.chats.stale'
                    />
                    {' '}
                    <button
                        type='button'
                        className='btn btn-link'
                        data-testid='frontdesk-chats-retry'
                        onClick={retry}
                    >
                        <FormattedMessage {...msg('frontdesk.status.retry')}/>
                    </button>
                </p>
            )}
            {state.items.length === 0 ? (
                <Empty
                    status={status}
                    filtered={hasFilters(filters)}
                    onClearFilters={onClearFilters}
                />
            ) : (
                <ul
                    data-testid='frontdesk-chat-list'
                    style={styles.list}
                >
                    {state.items.map((c) => (
                        <ChatRow
                            key={c.id}
                            conversation={c}
                            busy={busy[c.id] ?? false}
                            error={errors[c.id] ?? null}
                            onOpen={open}
                            onArchive={(conv) => act(conv, archiveConversation)}
                            onReopen={(conv) => act(conv, reopenConversation)}
                            onAssign={assign}
                        />
                    ))}
                </ul>
            )}
            {state.moreError && (
                <ErrorAlert
                    error={state.moreError}
                    message='frontdesk.chats.error'
                    testId='frontdesk-chats-more-error'
                    style={styles.error}
                />
            )}
            {state.hasMore && (
                <button
                    type='button'
                    className='btn btn-tertiary'
                    data-testid='frontdesk-chats-more'
                    disabled={state.loadingMore}
                    onClick={loadMore}
                >
                    <FormattedMessage {...msg(state.loadingMore ? 'frontdesk.chats.loadingMore' : 'frontdesk.chats.loadMore')}/>
                </button>
            )}
        </div>
    );
}

// Empty states say what to do: with filters, clear them; else where chats come from.
function Empty({status, filtered, onClearFilters}: {status: ConversationStatus; filtered: boolean; onClearFilters: () => void}) {
    if (filtered) {
        return (
            <p
                data-testid='frontdesk-chats-empty'
                data-filtered='true'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.chats.emptyFiltered')}/>
                {' '}
                <button
                    type='button'
                    className='btn btn-link'
                    data-testid='frontdesk-chats-clear-filters'
                    onClick={onClearFilters}
                >
                    <FormattedMessage {...msg('frontdesk.filters.clear')}/>
                </button>
            </p>
        );
    }
    return (
        <p
            data-testid='frontdesk-chats-empty'
            data-filtered='false'
            style={styles.muted}
        >
            <FormattedMessage {...msg(status === 'active' ? 'frontdesk.chats.emptyActive' : 'frontdesk.chats.emptyArchived')}/>
        </p>
    );
}

const styles = {
    section: {marginTop: '16px'},
    tabs: {display: 'flex', gap: '4px', marginBottom: '8px'},
    tab: {
        flex: '1 1 0',
        padding: '6px 8px',
        borderWidth: '1px',
        borderStyle: 'solid',
        borderColor: 'rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'transparent',
        color: 'inherit',
        cursor: 'pointer',
        fontFamily: 'inherit',
        fontSize: 'inherit',
        fontWeight: 400,
    },
    tabSelected: {
        background: 'rgba(var(--button-bg-rgb, 28, 88, 217), 0.08)',
        borderColor: 'var(--button-bg)',
        color: 'var(--button-bg)',
        fontWeight: 600,
    },
    list: {listStyle: 'none', margin: 0, padding: 0},
    muted: {color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    error: {fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
