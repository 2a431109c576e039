// What went wrong, in words: a signed-out session, an unreachable server, or the server's message.
import React from 'react';
import {FormattedMessage} from 'react-intl';

import {ApiError, NetworkError} from '../client/request';
import {msg, type MessageId} from '../i18n';

// ErrorText puts the reason into the wrapping message (which has a {reason} placeholder).
export default function ErrorText({error, message}: {error: Error; message: MessageId}) {
    if (error instanceof ApiError && error.status === 401) {
        return <FormattedMessage {...msg('frontdesk.status.errorSignedOut')}/>;
    }
    const reason = error instanceof NetworkError ? <FormattedMessage {...msg('frontdesk.status.errorNetwork')}/> : error.message;
    return (
        <FormattedMessage
            {...msg(message)}
            values={{reason}}
        />
    );
}

// ErrorAlert is ErrorText in the alert paragraph every form shows a failure in.
export function ErrorAlert({error, message, testId, style}: {error: Error; message: MessageId; testId?: string; style?: React.CSSProperties}) {
    return (
        <p
            role='alert'
            data-testid={testId}
            style={style}
        >
            <ErrorText
                error={error}
                message={message}
            />
        </p>
    );
}
