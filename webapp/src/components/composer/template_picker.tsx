// The WhatsApp template picker: the connection's approved templates, the chosen one's body and a
// field per {{n}} parameter. Used where WhatsApp wants a template: a chat whose 24-hour window
// closed, and + Chat to a customer who has not written within it.
import React, {useEffect, useState} from 'react';
import {FormattedMessage, useIntl} from 'react-intl';
import {useSelector} from 'react-redux';

import {listTemplates} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Template} from '../../client/types';
import {msg} from '../../i18n';
import {ErrorAlert} from '../error_text';

export type TemplateChoice = {template: string; language: string; parameters: string[]};

export function templateKey(t: Template): string {
    return `${t.name}|${t.language}`;
}

export default function TemplatePicker({connectionId, onChange}: {connectionId: string; onChange: (choice: TemplateChoice | null) => void}) {
    const intl = useIntl();
    const base = useSelector((state: SiteState) => baseURL(state));
    const [templates, setTemplates] = useState<Template[] | null>(null);
    const [error, setError] = useState<Error | null>(null);
    const [key, setKey] = useState('');
    const [params, setParams] = useState<string[]>([]);

    useEffect(() => {
        const abort = new AbortController();
        setTemplates(null);
        setError(null);
        listTemplates(base, connectionId, abort.signal).then(
            (list) => {
                const approved = list.filter((t) => !t.status || t.status.toUpperCase() === 'APPROVED');
                setTemplates(approved);
                setKey(approved[0] ? templateKey(approved[0]) : '');
            },
            (err: unknown) => !abort.signal.aborted && setError(err instanceof Error ? err : new Error(String(err))),
        );
        return () => abort.abort();
    }, [base, connectionId]);

    const chosen = templates?.find((t) => templateKey(t) === key) ?? null;
    useEffect(() => {
        setParams(Array.from({length: chosen?.parameters ?? 0}, () => ''));
    }, [chosen]);
    useEffect(() => {
        onChange(chosen ? {template: chosen.name, language: chosen.language, parameters: params} : null);
    }, [chosen, params, onChange]);

    if (error) {
        return (
            <ErrorAlert
                error={error}
                message='frontdesk.newchat.failed'
                testId='frontdesk-templates-error'
                style={styles.error}
            />
        );
    }
    if (!templates) {
        return null;
    }
    if (templates.length === 0) {
        return (
            <p
                data-testid='frontdesk-templates-none'
                style={styles.muted}
            >
                <FormattedMessage {...msg('frontdesk.newchat.noTemplates')}/>
            </p>
        );
    }
    return (
        <div
            data-testid='frontdesk-templates'
            style={styles.wrap}
        >
            <label style={styles.label}>
                <FormattedMessage {...msg('frontdesk.newchat.template')}/>
                <select
                    data-testid='frontdesk-template'
                    value={key}
                    style={styles.input}
                    onChange={(e) => setKey(e.target.value)}
                >
                    {templates.map((t) => (
                        <option
                            key={templateKey(t)}
                            value={templateKey(t)}
                        >
                            {`${t.name} (${t.language})`}
                        </option>
                    ))}
                </select>
            </label>
            {chosen?.body && (
                <p
                    data-testid='frontdesk-template-body'
                    style={styles.body}
                >
                    {chosen.body}
                </p>
            )}
            {params.map((value, i) => (
                <input
                    key={i}
                    data-testid='frontdesk-template-param'
                    aria-label={intl.formatMessage(msg('frontdesk.newchat.templateParam'), {n: i + 1})}
                    placeholder={intl.formatMessage(msg('frontdesk.newchat.templateParam'), {n: i + 1})}
                    value={value}
                    style={styles.input}
                    onChange={(e) => setParams((p) => p.map((v, j) => (j === i ? e.target.value : v)))}
                />
            ))}
        </div>
    );
}

export const styles = {
    wrap: {display: 'flex', flexDirection: 'column', gap: '4px'},
    label: {display: 'flex', flexDirection: 'column', gap: '2px', fontSize: '12px', fontWeight: 600},
    input: {
        padding: '4px 6px',
        border: '1px solid rgba(var(--center-channel-color-rgb), 0.16)',
        borderRadius: '4px',
        background: 'var(--center-channel-bg)',
        color: 'inherit',
        font: 'inherit',
        fontWeight: 400,
    },
    body: {margin: 0, fontSize: '12px', whiteSpace: 'pre-wrap', color: 'rgba(var(--center-channel-color-rgb), 0.72)'},
    muted: {margin: 0, fontSize: '12px', color: 'rgba(var(--center-channel-color-rgb), 0.64)'},
    error: {margin: 0, fontSize: '12px', color: 'var(--error-text, #d24b4e)'},
} as const;
