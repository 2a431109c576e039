import {legacy_createStore as createStore, type Store} from 'redux';

import {type ThreadState, viewedChat, watchThreadReading} from './thread_reading';

const root = {id: 'root1', reply_count: 1, props: {frontdesk_root: true, frontdesk_conversation_id: 'conv1'}};
const reply = {id: 'reply1', root_id: 'root1'};
const other = {id: 'plain', reply_count: 3, props: {}};

function state(over: {selected?: string; threadView?: string; shown?: string[]; replies?: number} = {}): ThreadState {
    return {
        entities: {
            general: {config: {SiteURL: 'http://mm.test'}},
            posts: {
                posts: {root1: {...root, reply_count: over.replies ?? 1}, reply1: reply, plain: other},
                postsInThread: {root1: over.shown ?? ['reply1']},
            },
            teams: {currentTeamId: 'team1'},
        },
        views: {
            rhs: {selectedPostId: over.selected ?? ''},
            threads: {selectedThreadIdInTeam: {team1: over.threadView}},
        },
    };
}

type SetState = {type: 'set'; state: ThreadState};

function store(initial: ThreadState): Store<ThreadState> & {set(s: ThreadState): void} {
    const s = createStore((current: ThreadState = initial, action: SetState | {type: string}) => ('state' in action ? action.state : current));
    return Object.assign(s, {set: (next: ThreadState) => s.dispatch({type: 'set', state: next})});
}

describe('viewedChat', () => {
    test('a Frontdesk thread open in the right-hand sidebar, by its root or by a reply', () => {
        expect(viewedChat(state({selected: 'root1'}))?.conversationId).toBe('conv1');
        expect(viewedChat(state({selected: 'reply1'}))?.conversationId).toBe('conv1');
    });

    test('a Frontdesk thread open in the threads view of the current team', () => {
        expect(viewedChat(state({threadView: 'root1'}))?.conversationId).toBe('conv1');
    });

    test('nothing open, an ordinary thread, or a post not loaded yet is no chat', () => {
        expect(viewedChat(state())).toBeNull();
        expect(viewedChat(state({selected: 'plain'}))).toBeNull();
        expect(viewedChat(state({selected: 'unknown'}))).toBeNull();
        expect(viewedChat({entities: {general: {config: {}}}})).toBeNull();
    });

    test('the key changes when the thread shows more', () => {
        const before = viewedChat(state({selected: 'root1'}))!.key;
        expect(viewedChat(state({selected: 'root1', shown: ['reply1', 'reply2']}))!.key).not.toBe(before);
        expect(viewedChat(state({selected: 'root1', replies: 2}))!.key).not.toBe(before);
    });
});

describe('watchThreadReading', () => {
    const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

    test('marks the chat read when its thread opens, once, and again when a message arrives', async () => {
        const s = store(state());
        const mark = vi.fn(() => Promise.resolve({}));
        const stop = watchThreadReading(s, mark);
        expect(mark).not.toHaveBeenCalled();

        s.set(state({selected: 'root1'}));
        expect(mark).toHaveBeenCalledWith('http://mm.test', 'conv1');
        s.set(state({selected: 'root1'}));
        s.set(state({selected: 'reply1'}));
        expect(mark).toHaveBeenCalledTimes(1);

        s.set(state({selected: 'root1', shown: ['reply1', 'reply2'], replies: 2}));
        expect(mark).toHaveBeenCalledTimes(2);

        stop();
        s.set(state({selected: 'root1', shown: ['reply1', 'reply2', 'reply3'], replies: 3}));
        expect(mark).toHaveBeenCalledTimes(2);
        await tick();
    });

    test('a thread already open when the plugin starts is read at once', () => {
        const mark = vi.fn(() => Promise.resolve({}));
        watchThreadReading(store(state({threadView: 'root1'})), mark)();
        expect(mark).toHaveBeenCalledTimes(1);
    });

    test('a hidden page reads nothing until it is shown', () => {
        let visibility: DocumentVisibilityState = 'hidden';
        const doc = Object.defineProperty(new EventTarget(), 'visibilityState', {get: () => visibility}) as unknown as Document;
        const mark = vi.fn(() => Promise.resolve({}));
        const stop = watchThreadReading(store(state({selected: 'root1'})), mark, doc);
        expect(mark).not.toHaveBeenCalled();

        visibility = 'visible';
        doc.dispatchEvent(new Event('visibilitychange'));
        expect(mark).toHaveBeenCalledTimes(1);
        stop();
    });

    test('a failed mark is not asked again on unrelated changes', async () => {
        const s = store(state({selected: 'root1'}));
        const mark = vi.fn(() => Promise.reject(new Error('403')));
        const stop = watchThreadReading(s, mark);
        await tick();
        s.set(state({selected: 'root1'}));
        expect(mark).toHaveBeenCalledTimes(1);
        stop();
    });
});
