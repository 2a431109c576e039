package relay

import (
	"sync"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Mattermost runs MessageWillBePosted in the request, before the post is stored and given its
// creation time, and MessageHasBeenPosted in the background after it: of two replies posted within
// milliseconds, the later one can be queued first. onTheirWay holds the replies this server let
// through MessageWillBePosted, so that a reply is sent only once every earlier reply of its thread
// is queued, without asking Mattermost for the thread's posts; MessageHasBeenPosted queues a reply
// with the chat MessageWillBePosted found for it, and the reply's first send takes the post the
// hook had, instead of reading either again.
//
// A reply is known by its thread and author (Mattermost gives a post its id only when it stores
// it). When the author has several replies on their way in one thread, MessageHasBeenPosted takes
// the newest one let through before its post's creation time (the last on a tie): its own, or one
// let through after it, so what stays never looks younger than a reply still on its way. A reply
// Mattermost did not store after all (another plugin refused it, the database failed) holds its
// thread back for at most hookSettle.
type onTheirWay struct {
	mu      sync.Mutex
	threads map[string][]*onItsWay // by thread root
	queued  uint64                 // replies queued so far: the stamp of the latest
}

type onItsWay struct {
	author string
	// since is when MessageWillBePosted let the reply through, in Mattermost's clock (Unix ms):
	// the post's creation time is at or after it.
	since int64
	// expires is when it stops holding its thread back, in the relay's clock.
	expires time.Time
	conv    *conversation.Conversation
	// queued is the stamp of its queueing (0: not queued yet), postID its post's id from then on.
	queued uint64
	postID string
	// post is the stored post, as the reply hook had it, for the first attempt to send it: nil
	// once taken, edited or deleted.
	post *model.Post
}

// let records a reply MessageWillBePosted let through to a chat at, in Mattermost's clock.
func (w *onTheirWay) let(post *model.Post, conv *conversation.Conversation, at int64, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.threads == nil {
		w.threads = map[string][]*onItsWay{}
	}
	w.prune(now)
	w.threads[post.RootId] = append(w.threads[post.RootId], &onItsWay{
		author: post.UserId, since: at, expires: now.Add(hookSettle), conv: conv})
}

// arrived finds the reply a stored post was let through as (nil when none: this server did not
// let it through, or restarted since). Until done is called it still holds its thread back.
func (w *onTheirWay) arrived(post *model.Post) *onItsWay {
	w.mu.Lock()
	defer w.mu.Unlock()
	var found *onItsWay
	for _, e := range w.threads[post.RootId] {
		if e.queued == 0 && e.author == post.UserId && e.since <= post.CreateAt && (found == nil || e.since >= found.since) {
			found = e
		}
	}
	return found
}

// done marks a reply's post queued (or never to be queued), handing over the post for its send
// (nil: none): it no longer holds its thread back, except from a pass that read its queue before
// this.
func (w *onTheirWay) done(e *onItsWay, postID string, post *model.Post) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.queued++
	e.queued, e.postID, e.post = w.queued, postID, post
}

// take hands over a queued reply's post as its hook had it, once (nil when it has none: an edit or
// a delete came, or it was taken before).
func (w *onTheirWay) take(rootID, postID string) *model.Post {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.threads[rootID] {
		if e.postID == postID && e.post != nil {
			p := e.post
			e.post = nil
			return p
		}
	}
	return nil
}

// changed forgets the post of a reply an agent edited or deleted: its send reads it afresh.
func (w *onTheirWay) changed(post *model.Post) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, e := range w.threads[post.RootId] {
		if e.postID == post.Id {
			e.post = nil
		}
	}
}

// stamp is the latest queueing so far: a pass takes it before it reads its queue.
func (w *onTheirWay) stamp() uint64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.queued
}

// holdsBack reports whether a reply (its post, created at createdAt) must wait: another reply of
// its thread let through before it is not queued yet, or was queued after the pass read its queue
// (stamp).
func (w *onTheirWay) holdsBack(rootID, postID string, createdAt int64, stamp uint64, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.prune(now)
	for _, e := range w.threads[rootID] {
		if e.since <= createdAt && e.postID != postID && (e.queued == 0 || e.queued > stamp) {
			return true
		}
	}
	return false
}

// prune drops the replies that no longer hold their thread back (it holds the replies of the last
// hookSettle: a few dozen on a busy server); w.mu must be held.
func (w *onTheirWay) prune(now time.Time) {
	for root, es := range w.threads {
		kept := es[:0]
		for _, e := range es {
			if now.Before(e.expires) {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 {
			delete(w.threads, root)
		} else {
			w.threads[root] = kept
		}
	}
}
