// A value to paste at the provider, shown read-only with a Copy button.
import React, {useRef, useState} from 'react';
import {FormattedMessage} from 'react-intl';

import {msg, type MessageId} from '../../i18n';

import {styles} from './admin_styles';

export default function CopyField({label, value, testId}: {label: MessageId; value: string; testId: string}) {
    const input = useRef<HTMLInputElement>(null);
    const [copied, setCopied] = useState(false);
    const copy = async () => {
        try {
            await navigator.clipboard.writeText(value);
        } catch {
            // No clipboard permission (an insecure origin, say): copy the selected text instead.
            input.current?.select();
            document.execCommand('copy');
        }
        setCopied(true);
    };
    return (
        <label style={{...styles.label, maxWidth: '720px'}}>
            <FormattedMessage {...msg(label)}/>
            <span style={styles.copyRow}>
                <input
                    ref={input}
                    readOnly={true}
                    value={value}
                    data-testid={testId}
                    style={styles.copyInput}
                    onFocus={(e) => e.currentTarget.select()}
                />
                <button
                    type='button'
                    className='btn btn-tertiary btn-sm'
                    data-testid={`${testId}-copy`}
                    onClick={copy}
                >
                    <FormattedMessage {...msg(copied ? 'frontdesk.admin.copied' : 'frontdesk.admin.copy')}/>
                </button>
            </span>
        </label>
    );
}
