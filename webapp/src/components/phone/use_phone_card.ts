// Loads what the phone card shows: the helpdesk clients with the number (each with its document
// count) and the chats with it. The two load side by side and fail apart: a user who cannot
// search clients still sees the chats.
import {useEffect, useState} from 'react';
import {useSelector} from 'react-redux';

import {clientDocuments, conversationsOfPhone, searchClients} from '../../client/api';
import {baseURL, type SiteState} from '../../client/base_url';
import type {Client, Conversation} from '../../client/types';

export type Part<T> =
    | {kind: 'loading'}
    | {kind: 'error'; error: Error}
    | {kind: 'ready'; value: T};

export type PhoneClient = {client: Client; documents: number | null};

// A number shared by a family or a company can match many clients; the card names the first few.
export const MAX_CLIENTS = 3;

export function usePhoneCard(phone: string): {clients: Part<PhoneClient[]>; chats: Part<Conversation[]>} {
    const base = useSelector((state: SiteState) => baseURL(state));
    const [clients, setClients] = useState<Part<PhoneClient[]>>({kind: 'loading'});
    const [chats, setChats] = useState<Part<Conversation[]>>({kind: 'loading'});

    useEffect(() => {
        const abort = new AbortController();
        const {signal} = abort;
        setClients({kind: 'loading'});
        setChats({kind: 'loading'});

        conversationsOfPhone(base, phone, signal).then(
            (value) => !signal.aborted && setChats({kind: 'ready', value}),
            (error: Error) => !signal.aborted && setChats({kind: 'error', error}),
        );
        searchClients(base, phone, signal).then(async (found) => {
            const first = found.slice(0, MAX_CLIENTS);
            // A count that cannot be had is left out rather than failing the card.
            const counts = await Promise.all(first.map((c) => clientDocuments(base, c.id, signal).then((d) => d.length, () => null)));
            return first.map((client, i) => ({client, documents: counts[i]}));
        }).then(
            (value) => !signal.aborted && setClients({kind: 'ready', value}),
            (error: Error) => !signal.aborted && setClients({kind: 'error', error}),
        );
        return () => abort.abort();
    }, [base, phone]);

    return {clients, chats};
}
