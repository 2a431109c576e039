// Typed calls to the plugin's /api/v1 (and the little of Mattermost's /api/v4 the panel needs).
import {request, requestWithHeaders, serverRequest} from './request';
import type {
    Client,
    ClientCard,
    ClientPatch,
    ClientDocument,
    Connection,
    Conversation,
    ConversationDetail,
    ConversationPage,
    ConversationStatus,
    Indicators,
    MattermostPost,
    Me,
    QuickReply,
    MattermostUser,
    NewClient,
    NewDocument,
    PostThread,
    StartChat,
    Status,
    Template,
} from './types';

export function getStatus(baseURL: string, signal?: AbortSignal): Promise<Status> {
    return request<Status>(baseURL, '/status', {signal});
}

export function getMe(baseURL: string, signal?: AbortSignal): Promise<Me> {
    return request<Me>(baseURL, '/me', {signal});
}

export type ConversationQuery = {
    status: ConversationStatus | 'all';
    page: number;
    perPage: number;
    unread?: boolean;
    unanswered?: boolean;
    // Customer name, phone or username.
    q?: string;
    connectionId?: string;
    // 'me', 'none' or a user id.
    assigned?: string;
};

export function conversationParams(q: ConversationQuery): URLSearchParams {
    const params = new URLSearchParams({status: q.status, page: String(q.page), per_page: String(q.perPage)});
    if (q.unread) {
        params.set('unread', 'true');
    }
    if (q.unanswered) {
        params.set('unanswered', 'true');
    }
    if (q.q?.trim()) {
        params.set('q', q.q.trim());
    }
    if (q.connectionId) {
        params.set('connection_id', q.connectionId);
    }
    if (q.assigned) {
        params.set('assigned', q.assigned);
    }
    return params;
}

// listConversations answers one page; hasMore is the server's X-Has-More, or, from a server that
// does not send it, whether the page came back full.
export async function listConversations(baseURL: string, q: ConversationQuery, signal?: AbortSignal): Promise<ConversationPage> {
    const {data, headers} = await requestWithHeaders<Conversation[]>(baseURL, `/conversations?${conversationParams(q).toString()}`, {signal});
    const more = headers.get('X-Has-More');
    return {items: data, hasMore: more === null ? data.length === q.perPage : more === 'true'};
}

export function getConversation(baseURL: string, id: string, signal?: AbortSignal): Promise<ConversationDetail> {
    return request<ConversationDetail>(baseURL, `/conversations/${encodeURIComponent(id)}`, {signal});
}

// assignConversation gives the chat to a user; '' unassigns it.
export function assignConversation(baseURL: string, id: string, userId: string): Promise<Conversation> {
    return request<Conversation>(baseURL, `/conversations/${encodeURIComponent(id)}/assign`, {method: 'POST', body: {user_id: userId}});
}

export function listTemplates(baseURL: string, connectionId: string, signal?: AbortSignal): Promise<Template[]> {
    return request<Template[]>(baseURL, `/connections/${encodeURIComponent(connectionId)}/templates`, {signal});
}

function quickRepliesPath(teamId: string, name?: string): string {
    const base = `/teams/${encodeURIComponent(teamId)}/quick-replies`;
    return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
}

export function listQuickReplies(baseURL: string, teamId: string, signal?: AbortSignal): Promise<QuickReply[]> {
    return request<QuickReply[]>(baseURL, quickRepliesPath(teamId), {signal});
}

export function saveQuickReply(baseURL: string, teamId: string, name: string, text: string): Promise<QuickReply> {
    return request<QuickReply>(baseURL, quickRepliesPath(teamId, name), {method: 'PUT', body: {text}});
}

export function deleteQuickReply(baseURL: string, teamId: string, name: string): Promise<void> {
    return request<void>(baseURL, quickRepliesPath(teamId, name), {method: 'DELETE'});
}

// searchUsers finds teammates by name for "Assign…" (Mattermost's own user autocomplete).
export function searchUsers(baseURL: string, term: string, teamId: string, signal?: AbortSignal): Promise<MattermostUser[]> {
    const params = new URLSearchParams({name: term, in_team: teamId, limit: '10'});
    return serverRequest<{users: MattermostUser[]}>(baseURL, `/api/v4/users/autocomplete?${params.toString()}`, {signal}).then((a) => a.users ?? []);
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
