// The frame every form on the client card shares: a heading, the fields, the server's refusal
// (the form stays open with what was typed) and the submit and cancel buttons; Escape cancels.
import React, {type FormEvent, type ReactNode} from 'react';
import {FormattedMessage} from 'react-intl';

import {msg, type MessageId} from '../../i18n';
import {ErrorAlert} from '../error_text';

import {styles} from './card_styles';

type Props = {

    // testId names the form; its error, submit and cancel test ids are given one by one, as the
    // tests of each form know them.
    testId: string;
    errorTestId: string;
    submitTestId: string;
    cancelTestId: string;
    heading: MessageId;
    submitLabel: MessageId;
    canSubmit: boolean;
    error: Error | null;
    onSubmit: (e: FormEvent) => void;
    onCancel: () => void;
    children: ReactNode;
    kind?: string;
};

export default function CardForm(p: Props) {
    return (
        <form
            data-testid={p.testId}
            data-kind={p.kind}
            style={styles.form}
            onSubmit={p.onSubmit}
            onKeyDown={(e) => {
                if (e.key === 'Escape') {
                    p.onCancel();
                }
            }}
        >
            <h4 style={styles.heading}>
                <FormattedMessage {...msg(p.heading)}/>
            </h4>
            {p.children}
            {p.error && (
                <ErrorAlert
                    error={p.error}
                    message='frontdesk.chats.actionFailed'
                    testId={p.errorTestId}
                    style={styles.error}
                />
            )}
            <div style={styles.actions}>
                <button
                    type='submit'
                    className='btn btn-primary btn-xs'
                    data-testid={p.submitTestId}
                    disabled={!p.canSubmit}
                >
                    <FormattedMessage {...msg(p.submitLabel)}/>
                </button>
                <button
                    type='button'
                    className='btn btn-tertiary btn-xs'
                    data-testid={p.cancelTestId}
                    onClick={p.onCancel}
                >
                    <FormattedMessage {...msg('frontdesk.client.cancel')}/>
                </button>
            </div>
        </form>
    );
}
