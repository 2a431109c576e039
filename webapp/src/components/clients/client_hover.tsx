// The small card that shows on hovering or focusing a customer's name (F19): the linked client's
// name, phone, how many documents they have and the latest, loaded on first look.
import React from 'react';
import {FormattedDate, FormattedMessage} from 'react-intl';

import {msg} from '../../i18n';
import ErrorText from '../error_text';

import {documentKindLabels} from './client_details';
import type {CardState} from './use_client_card';

export default function ClientHover({id, state}: {id: string; state: CardState}) {
    return (
        <div
            id={id}
            role='tooltip'
            data-testid='frontdesk-client-hover'
            style={styles.popover}
        >
            <HoverBody state={state}/>
        </div>
    );
}

function HoverBody({state}: {state: CardState}) {
    switch (state.kind) {
    case 'idle':
    case 'loading':
        return (
            <span data-testid='frontdesk-client-hover-loading'>
                <FormattedMessage {...msg('frontdesk.client.loading')}/>
            </span>
        );
    case 'error':
        return (
            <span
                data-testid='frontdesk-client-hover-error'
                style={styles.error}
            >
                <ErrorText
                    error={state.error}
                    message='frontdesk.client.error'
                />
            </span>
        );
    case 'ready':
        break;
    }
    const {card} = state;
    if (!card.linked || !card.client) {
        return (
            <span data-testid='frontdesk-client-hover-unlinked'>
                <FormattedMessage {...msg('frontdesk.client.unlinked')}/>
            </span>
        );
    }
    const phone = card.client.phones?.[0];
    const latest = card.documents[0];
    const latestKind = latest ? documentKindLabels[latest.kind] : undefined;
    return (
        <>
            <strong
                data-testid='frontdesk-client-hover-name'
                style={styles.line}
            >
                {card.client.name}
            </strong>
            {phone && (
                <span
                    data-testid='frontdesk-client-hover-phone'
                    style={styles.line}
                >
                    {phone}
                </span>
            )}
            <span
                data-testid='frontdesk-client-hover-documents'
                data-count={card.documents.length}
                style={styles.line}
            >
                <FormattedMessage
                    {...msg('frontdesk.client.hoverDocuments')}
                    values={{count: card.documents.length}}
                />
            </span>
            {latest && (
                <span
                    data-testid='frontdesk-client-hover-latest'
                    style={styles.muted}
                >
                    <FormattedMessage
                        {...msg('frontdesk.client.hoverLatest')}
                        values={{
                            kind: latestKind ? <FormattedMessage {...msg(latestKind)}/> : latest.kind,
                            number: latest.number,
                            date: (
                                <FormattedDate
                                    value={latest.date}
                                    day='numeric'
                                    month='short'
                                    year='numeric'
                                />
                            ),
                        }}
                    />
                    {latest.status && ` · ${latest.status}`}
                </span>
            )}
        </>
    );
}

const styles = {
    popover: {
        position: 'absolute',
        top: '100%',
        left: '18px',
        zIndex: 10,
        display: 'flex',
        flexDirection: 'column',
        gap: '2px',
        minWidth: '180px',
        maxWidth: '280px',
        padding: '8px 12px',
        borderRadius: '4px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        background: 'var(--center-channel-bg, #fff)',
        boxShadow: '0 4px 12px rgba(0, 0, 0, 0.12)',
        fontSize: '12px',
        pointerEvents: 'none',
    },
    line: {overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap'},
    muted: {color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    error: {color: 'var(--error-text, #d24b4e)'},
} as const;
