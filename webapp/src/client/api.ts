// Typed calls to the plugin's /api/v1 (and the little of Mattermost's /api/v4 the panel needs).
import {request, serverRequest} from './request';
import type {
    Client,
    ClientCard,
    ClientPatch,
    ClientDocument,
    Connection,
    Conversation,
    ConversationStatus,
    Indicators,
    MattermostPost,
    MattermostUser,
    NewClient,
    NewDocument,
    PostThread,
    StartChat,
    Status,
} from './types';

export function getStatus(baseURL: string, signal?: AbortSignal): Promise<Status> {
    return request<Status>(baseURL, '/status', {signal});
}

export type ConversationQuery = {
    status: ConversationStatus;
    page: number;
    perPage: number;
    unread?: boolean;
};

export function listConversations(baseURL: string, q: ConversationQuery, signal?: AbortSignal): Promise<Conversation[]> {
    const params = new URLSearchParams({status: q.status, page: String(q.page), per_page: String(q.perPage)});
    if (q.unread) {
        params.set('unread', 'true');
    }
    return request<Conversation[]>(baseURL, `/conversations?${params.toString()}`, {signal});
}

// conversationsOfPhone lists every chat with one phone number, active or archived (F19).
export function conversationsOfPhone(baseURL: string, phone: string, signal?: AbortSignal): Promise<Conversation[]> {
    const params = new URLSearchParams({status: 'all', phone});
    return request<Conversation[]>(baseURL, `/conversations?${params.toString()}`, {signal});
}

export function startConversation(baseURL: string, start: StartChat): Promise<Conversation> {
    return request<Conversation>(baseURL, '/conversations', {method: 'POST', body: start});
}

export function listConnections(baseURL: string, signal?: AbortSignal): Promise<Connection[]> {
    return request<Connection[]>(baseURL, '/connections', {signal});
}

export function archiveConversation(baseURL: string, id: string): Promise<Conversation> {
    return request<Conversation>(baseURL, `/conversations/${encodeURIComponent(id)}/archive`, {method: 'POST'});
}

export function reopenConversation(baseURL: string, id: string): Promise<Conversation> {
    return request<Conversation>(baseURL, `/conversations/${encodeURIComponent(id)}/reopen`, {method: 'POST'});
}

export function markConversationRead(baseURL: string, id: string): Promise<unknown> {
    return request<unknown>(baseURL, `/conversations/${encodeURIComponent(id)}/read`, {method: 'POST'});
}

function conversationPath(id: string, rest: string): string {
    return `/conversations/${encodeURIComponent(id)}${rest}`;
}

export function getClientCard(baseURL: string, conversationId: string, signal?: AbortSignal): Promise<ClientCard> {
    return request<ClientCard>(baseURL, conversationPath(conversationId, '/client'), {signal});
}

export function linkClient(baseURL: string, conversationId: string, clientId: string): Promise<ClientCard> {
    return request<ClientCard>(baseURL, conversationPath(conversationId, '/link'), {method: 'POST', body: {client_id: clientId}});
}

export function unlinkClient(baseURL: string, conversationId: string): Promise<ClientCard> {
    return request<ClientCard>(baseURL, conversationPath(conversationId, '/link'), {method: 'DELETE'});
}

export function searchClients(baseURL: string, q: string, signal?: AbortSignal): Promise<Client[]> {
    return request<Client[]>(baseURL, `/clients?${new URLSearchParams({q}).toString()}`, {signal});
}

export function createClient(baseURL: string, client: NewClient): Promise<Client> {
    return request<Client>(baseURL, '/clients', {method: 'POST', body: client});
}

export function updateClient(baseURL: string, clientId: string, patch: ClientPatch): Promise<Client> {
    return request<Client>(baseURL, `/clients/${encodeURIComponent(clientId)}`, {method: 'PATCH', body: patch});
}

export function createDocument(baseURL: string, conversationId: string, doc: NewDocument): Promise<ClientDocument> {
    return request<ClientDocument>(baseURL, conversationPath(conversationId, '/documents'), {method: 'POST', body: doc});
}

export function clientDocuments(baseURL: string, clientId: string, signal?: AbortSignal): Promise<ClientDocument[]> {
    return request<ClientDocument[]>(baseURL, `/clients/${encodeURIComponent(clientId)}/documents`, {signal});
}

export function getIndicators(baseURL: string, signal?: AbortSignal): Promise<Indicators> {
    return request<Indicators>(baseURL, '/indicators', {signal});
}

export function getUser(baseURL: string, id: string, signal?: AbortSignal): Promise<MattermostUser> {
    return serverRequest<MattermostUser>(baseURL, `/api/v4/users/${encodeURIComponent(id)}`, {signal});
}

// getThread is Mattermost's own thread of a chat: its root post and the replies.
export function getThread(baseURL: string, rootId: string, signal?: AbortSignal): Promise<PostThread> {
    return serverRequest<PostThread>(baseURL, `/api/v4/posts/${encodeURIComponent(rootId)}/thread`, {signal});
}

// createPost replies as the user; the plugin's hooks relay the reply to the customer, or refuse
// it with a reason.
export function createPost(baseURL: string, post: {channel_id: string; root_id: string; message: string}): Promise<MattermostPost> {
    return serverRequest<MattermostPost>(baseURL, '/api/v4/posts', {method: 'POST', body: post});
}
