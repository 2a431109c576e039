package relay

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
	"github.com/frontdesk-chat/frontdesk/server/locale"
	"github.com/frontdesk-chat/frontdesk/server/thread"
)

// Retry policy for retryable send failures: exponential from 2 s, capped at 5 min, failing finally
// after MaxAttempts (about an hour of trying).
const (
	MaxAttempts  = 16
	firstBackoff = 2 * time.Second
	maxBackoff   = 5 * time.Minute
)

// candidate returns the conversation a post replies to when the post may reach the customer: a
// person's reply in a chat thread, by someone who may use the chat (a member of the connection's
// channel allowed to use chats, not a bot). outsider reports a person outside that channel or not
// allowed to use chats (a system admin may post anywhere): refused, with the reason. Posts by bots, webhooks, OAuth apps, commands and plugins
// are no one's reply: ignored. The cheap checks come first: this runs for every post on the server.
func (r *Relay) candidate(ctx context.Context, post *model.Post) (conv *conversation.Conversation, c *conversation.Connection, outsider bool) {
	conv, c, outsider, _ = r.candidateOrFormer(ctx, post)
	return conv, c, outsider
}

// candidateOrFormer is candidate that also names the chat of a reply in one of its former
// threads: a thread whose root was retired, or one left in a channel its connection no longer
// posts in. Such a reply is nobody's reply to the customer.
func (r *Relay) candidateOrFormer(ctx context.Context, post *model.Post) (conv *conversation.Conversation, c *conversation.Connection, outsider bool, former *conversation.Conversation) {
	if post.RootId == "" || post.UserId == r.botID || post.Type != "" || post.IsRemote() || integration(post) ||
		!r.inChatChannel(ctx, post.ChannelId) {
		return nil, nil, false, nil
	}
	var retired bool
	var err error
	conv, retired, err = r.store.ChatOfThread(ctx, post.RootId)
	switch {
	case errors.Is(err, conversation.ErrNotFound):
		return nil, nil, false, nil
	case err != nil:
		r.log.Error("Frontdesk: loading the chat of a reply", "post_id", post.Id, "err", err.Error())
		return nil, nil, false, nil
	case retired:
		return nil, nil, false, conv
	}
	if r.mm.IsBot(post.UserId) {
		return nil, nil, false, nil
	}
	c, err = r.conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		r.log.Error("Frontdesk: loading the connection of a reply", "post_id", post.Id, "err", err.Error())
		return nil, nil, false, nil
	}
	if post.ChannelId != c.ChannelID {
		return nil, nil, false, conv // the connection moved to another channel
	}
	if !r.mm.MayUseChats(c.ChannelID, post.UserId) {
		return nil, nil, true, nil
	}
	return conv, c, false, nil
}

// formerThreadRefusal answers a reply in a chat's former thread: it does not reach the customer,
// and the chat goes on in its thread in the connection's current channel, opened now if the
// customer has not written since the connection moved.
func (r *Relay) formerThreadRefusal(ctx context.Context, conv *conversation.Conversation) string {
	conversation.LogOutcome(r.log, conversation.OutcomeRetiredThread, "connection_id", conv.ConnectionID, "conversation_id", conv.ID)
	root := ""
	err := r.store.WithConversationLock(ctx, conv.ID, func(ctx context.Context) error {
		cur, err := r.store.GetConversation(ctx, conv.ID)
		if err != nil {
			return err
		}
		c, err := r.conns.Get(ctx, cur.ConnectionID)
		if err != nil {
			return err
		}
		if _, err := r.thread.Ensure(ctx, c, cur); err != nil {
			return err
		}
		root = cur.RootPostID
		return nil
	})
	if err != nil || root == "" {
		if err != nil {
			r.log.Warn("Frontdesk: moving a chat's thread", "conversation_id", conv.ID, "err", err.Error())
		}
		return formerThreadText
	}
	return formerThreadText + " Reply in its current thread: " + r.thread.Permalink(root)
}

// formerThreadText is the start of the answer to a reply in a chat's former thread.
const formerThreadText = "Frontdesk: this is an earlier thread of the chat, in a place its connection no longer posts in; this message was not posted and does not reach the customer."

// chatOf is the conversation whose thread starts at root, or nil.
func (r *Relay) chatOf(ctx context.Context, root, postID string) *conversation.Conversation {
	conv, err := r.store.GetConversationByRoot(ctx, root)
	if err != nil {
		if !errors.Is(err, conversation.ErrNotFound) {
			r.log.Error("Frontdesk: loading conversation of a reply", "post_id", postID, "err", err.Error())
		}
		return nil
	}
	return conv
}

// integration reports a post Mattermost marks as made by a webhook, a bot, an OAuth app or a
// plugin (slash command responses included). Frontdesk's own post on an agent's behalf is queued
// by PostAsAgent instead.
func integration(post *model.Post) bool {
	for _, p := range []string{model.PostPropsFromWebhook, model.PostPropsFromBot, model.PostPropsFromOAuthApp, model.PostPropsFromPlugin} {
		if post.GetProp(p) != nil {
			return true
		}
	}
	return false
}

// outsiderRefusal answers a person who may not use the chat.
const outsiderRefusal = "Frontdesk: only members of the chat's channel who may use chats can answer the customer; this message was not posted. Join the channel to reply, or ask a system admin for access to chats."

// propPrefix marks the post props the web app trusts as Frontdesk's word (a delivery mark, a chat's
// root): only Frontdesk's bot may set them.
const propPrefix = "frontdesk_"

// dropForgedProps removes the frontdesk_* props of a post by anyone but the bot, keeping the ones
// that are true: the chat's id on a note in that chat's thread (Inbox.Note writes it as the
// user), and, on an edit, the delivery mark Frontdesk recorded for a reply (its own update of the
// mark comes through the same hook, after the store has it).
func (r *Relay) dropForgedProps(ctx context.Context, post *model.Post, edit bool) {
	var forged []string
	for k := range post.GetProps() {
		if strings.HasPrefix(k, propPrefix) {
			forged = append(forged, k)
		}
	}
	if len(forged) == 0 {
		return
	}
	convID, _ := post.GetProp(thread.PropConversation).(string)
	_, hadDelivery := post.GetProps()[thread.PropDelivery]
	for _, k := range forged {
		post.DelProp(k)
	}
	if convID != "" && post.RootId != "" && post.Type == thread.NotePostType {
		if conv := r.chatOf(ctx, post.RootId, post.Id); conv != nil && conv.ID == convID {
			post.AddProp(thread.PropConversation, convID)
		}
	}
	if edit && hadDelivery && post.Id != "" {
		if m, err := r.store.MessageByPost(ctx, post.Id); err == nil && m.Direction == conversation.Out {
			post.AddProp(thread.PropDelivery, thread.DeliveryProp(m))
		}
	}
}

// WillPost decides, before Mattermost stores a post, what of it stays and whether it can reach the
// customer. It returns the post to store (frontdesk_* props only from the bot) and a refusal,
// which keeps the text in the composer and says why (F8, F13, F14, F15 in docs/features.md).
func (r *Relay) WillPost(ctx context.Context, post *model.Post) (*model.Post, string) {
	if post.UserId == r.botID {
		return post, ""
	}
	r.dropForgedProps(ctx, post, false)
	conv, c, outsider, former := r.candidateOrFormer(ctx, post)
	if former != nil && !r.mm.IsBot(post.UserId) {
		return post, r.formerThreadRefusal(ctx, former)
	}
	if outsider {
		return post, outsiderRefusal
	}
	if conv == nil {
		return post, ""
	}
	if reason := attachmentsRefusal(c, post); reason != "" {
		return post, reason
	}
	if reason := r.refusal(post.UserId, c, conv, post.Message); reason != "" {
		return post, reason
	}
	r.onTheirWay.let(post, conv, model.GetMillis(), r.now()) // Mattermost's clock, as the post's creation time
	return post, ""
}

// PostAsAgent posts a message Frontdesk writes on an agent's behalf (a chat's first message) and
// queues it for the customer, refusing it as WillPost would. The plugin API marks such a post
// from_plugin, which the post hooks leave alone (another plugin's post is nobody's reply), so the
// checks and the queueing happen here.
func (r *Relay) PostAsAgent(ctx context.Context, post *model.Post) error {
	conv, err := r.store.GetConversationByRoot(ctx, post.RootId)
	if err != nil {
		return err
	}
	c, err := r.conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		return err
	}
	if reason := r.refusal(post.UserId, c, conv, post.Message); reason != "" {
		return fmt.Errorf("%w: %s", conversation.ErrNotAllowed, strings.TrimPrefix(reason, "Frontdesk: "))
	}
	created, err := r.mm.CreatePost(post)
	if err != nil {
		return err
	}
	r.queue(ctx, conv, created, nil)
	return nil
}

// refusal is why a reply cannot reach the customer ("" when it can); a refusal is logged as the
// refused outcome.
func (r *Relay) refusal(userID string, c *conversation.Connection, conv *conversation.Conversation, text string) string {
	reason := r.refusalReason(userID, c, conv, text)
	if reason != "" {
		conversation.LogOutcome(r.log, conversation.OutcomeRefused, "connection_id", conv.ConnectionID, "conversation_id", conv.ID)
	}
	return reason
}

func (r *Relay) refusalReason(userID string, c *conversation.Connection, conv *conversation.Conversation, text string) string {
	limit := r.settings().MaxMessageLength
	if n := utf8.RuneCountInString(text); n > limit {
		return fmt.Sprintf("Frontdesk: this reply has %d characters; a customer message holds at most %d. Shorten it or split it in two.", n, limit)
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return "Frontdesk: this chat's connection cannot be used: " + err.Error()
	}
	if tc, ok := a.(channel.TextChecker); ok {
		if err := tc.CheckText(text); err != nil {
			return "Frontdesk: " + conversation.Reason(err) + ". Shorten the reply."
		}
	}
	if c.SyncLost() {
		return fmt.Sprintf("Frontdesk: the %s connection %q lost sync with the provider (%s). %s",
			c.Kind.Name(), c.Name, c.SyncReason, r.conns.ReconnectAdvice(userID, c))
	}
	if conv.OptedOut() {
		return conversation.OptOutRefusal(a)
	}
	return r.windowRefusal(a, c, conv)
}

// WillEdit returns the edit to store (frontdesk_* props only as Frontdesk set them) and refuses an
// edit of a chat reply that a customer message could not hold (F8): the edit is forwarded where
// the provider allows edits.
func (r *Relay) WillEdit(ctx context.Context, newPost, oldPost *model.Post) (*model.Post, string) {
	if newPost.UserId == r.botID || r.mm.Updating(newPost.Id) {
		return newPost, ""
	}
	r.dropForgedProps(ctx, newPost, true)
	if newPost.Message == oldPost.Message || newPost.RootId == "" || newPost.Type != "" {
		return newPost, ""
	}
	// A post that was queued for the customer, whoever's hook queued it (a chat's first message
	// carries from_plugin).
	if m, err := r.store.MessageByPost(ctx, newPost.Id); err != nil || m.Direction != conversation.Out {
		return newPost, ""
	}
	limit := r.settings().MaxMessageLength
	if n := utf8.RuneCountInString(newPost.Message); n > limit {
		return newPost, fmt.Sprintf("Frontdesk: this reply would have %d characters; a customer message holds at most %d.", n, limit)
	}
	return newPost, ""
}

// windowRefusal explains a closed customer-service window and where to continue ("" when open).
func (r *Relay) windowRefusal(a channel.Adapter, c *conversation.Connection, conv *conversation.Conversation) string {
	if a.Window(time.UnixMilli(conv.LastCustomerAt), r.now()).CanSend() {
		return ""
	}
	why := conversation.ClosedWindow(a)
	if link := conversation.DeepLink(a, c, conv); link != "" {
		why += " Continue in the " + c.Kind.Name() + " app: " + link
	}
	return "Frontdesk: " + why
}

// HasBeenPosted queues an agent's reply: the outbox row, unique on the post, is written before the
// provider is called, so a second call of the hook cannot send twice. Replying reopens (F17).
func (r *Relay) HasBeenPosted(ctx context.Context, post *model.Post) {
	if e := r.onTheirWay.arrived(post); e != nil {
		r.queue(ctx, e.conv, post, e) // the chat as MessageWillBePosted found it a moment ago
		return
	}
	if conv, _, _ := r.candidate(ctx, post); conv != nil {
		r.queue(ctx, conv, post, nil)
	}
}

// queue writes a reply's outbox row and reports whether this call queued it (false: it was
// already queued, or the store failed, which is logged). A reply on its way (nil for one that was
// not) stops holding its thread back once its row is written, before its chat's pass is asked for.
func (r *Relay) queue(ctx context.Context, conv *conversation.Conversation, post *model.Post, onItsWay *onItsWay) bool {
	now := conversation.Millis(r.now())
	queued, err := r.store.InsertMessage(ctx, &conversation.Message{
		ID:             model.NewId(),
		ConversationID: conv.ID,
		ConnectionID:   conv.ConnectionID,
		Direction:      conversation.Out,
		PostID:         post.Id,
		State:          channel.StateSending.String(),
		ProviderAt:     post.CreateAt,
		CreateAt:       now,
	})
	if onItsWay != nil {
		handOver := post
		if err != nil || !queued || r.mm.Clustered() {
			handOver = nil // in a cluster an edit may come through another server: the send reads the post
		}
		r.onTheirWay.done(onItsWay, post.Id, handOver)
	}
	if err != nil {
		r.log.Error("Frontdesk: queueing reply", "conversation_id", conv.ID, "post_id", post.Id, "err", err.Error())
		return false
	}
	if !queued {
		return false
	}
	conversation.LogOutcome(r.log, conversation.OutcomeReplyQueued, "connection_id", conv.ConnectionID, "conversation_id", conv.ID, "post_id", post.Id)
	if conv.Status == conversation.Archived {
		if changed, err := r.store.SetStatus(ctx, conv.ID, conversation.Active, "", 0); err == nil && changed {
			r.thread.Refresh(ctx, conv.ID)
		}
	}
	r.Kick(conv.ID)
	return true
}

// RetryNow sends a connection's replies that wait for a retry at once: its credentials or address
// changed, so they may go through now.
func (r *Relay) RetryNow(ctx context.Context, connectionID string) {
	ids, err := r.store.RetryOutboxNow(ctx, connectionID)
	if err != nil {
		r.log.Warn("Frontdesk: retrying replies after a connection change", "connection_id", connectionID, "err", err.Error())
		return
	}
	for _, id := range ids {
		r.Kick(id)
	}
}

// sendOutbox sends a conversation's queued replies in order. A retryable failure stops the queue so
// that later replies never overtake an earlier one. It reports whether it tried any.
func (r *Relay) sendOutbox(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, queue []*conversation.Message, stamp uint64) (bool, error) {
	if len(queue) == 0 {
		return false, nil
	}
	now := conversation.Millis(r.now())
	for i, m := range queue {
		if ctx.Err() != nil {
			return i > 0, nil // the relay is closing: the rest waits for the next pass, in order
		}
		if m.NextAttemptAt > now {
			return false, nil
		}
		if r.onTheirWay.holdsBack(conv.RootPostID, m.PostID, m.ProviderAt, stamp, r.now()) ||
			(i == 0 && r.earlierReplyOnAnotherServer(ctx, c, conv, m, now)) {
			conversation.LogOutcome(r.log, conversation.OutcomeReplyWaits, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", m.PostID)
			r.kickAfter(conv.ID, settleRetry)
			return false, nil
		}
		if stop := r.sendOne(ctx, c, conv, m); stop {
			return false, nil
		}
	}
	return true, nil
}

// Mattermost runs the post hook that queues a reply in the background, so of two replies posted
// within milliseconds the later one can be queued first. A reply is sent only once every earlier
// reply of its thread is queued, for at most hookSettle after it was posted (onway.go);
// settleRetry is how soon it looks again.
const (
	hookSettle  = 2 * time.Second
	settleRetry = 100 * time.Millisecond
)

// earlierReplyOnAnotherServer reports, in a cluster, whether m's thread holds a reply posted before
// m that the post hook has not queued yet, while m is young enough for that hook to be still on its
// way: one posted through another server, whose hooks this server does not see. When it cannot
// tell, it says no: the reply goes out as it always did.
func (r *Relay) earlierReplyOnAnotherServer(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message, now int64) bool {
	if m.PostID == "" || now-m.ProviderAt > hookSettle.Milliseconds() || !r.mm.Clustered() {
		return false
	}
	posts, err := r.mm.PostsSince(c.ChannelID, m.ProviderAt-hookSettle.Milliseconds())
	if err != nil {
		return false
	}
	var earlier []string
	for _, p := range posts {
		if p.RootId == conv.RootPostID && p.Id != m.PostID && p.CreateAt <= m.ProviderAt && p.DeleteAt == 0 &&
			p.UserId != r.botID && p.Type == "" && !p.IsRemote() && !integration(p) {
			earlier = append(earlier, p.Id)
		}
	}
	unqueued, err := r.store.UnqueuedPosts(ctx, earlier)
	return err == nil && len(unqueued) > 0
}

// sendOne makes one attempt and records its result. It reports whether the queue must wait.
func (r *Relay) sendOne(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, m *conversation.Message) (stop bool) {
	outcome := func(o conversation.Outcome) {
		conversation.LogOutcome(r.log, o, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", m.PostID)
	}
	fail := func(reason string) bool {
		m.State, m.Reason = channel.StateFailed.String(), reason
		r.saveDelivery(ctx, c, m)
		outcome(conversation.OutcomeSendFailed)
		return false
	}
	if c.SyncLost() {
		return fail(r.texts.ForSite(textFailedSyncLost, map[string]any{"Reason": c.SyncReason}))
	}
	post, err := r.postToSend(conv, m)
	if err != nil || post.DeleteAt != 0 {
		return fail(r.texts.ForSite(textFailedDeleted, nil))
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return fail(err.Error())
	}
	w := a.Window(time.UnixMilli(conv.LastCustomerAt), r.now())
	if !w.CanSend() {
		return fail(r.windowRefusal(a, c, conv))
	}
	out, err := r.outbound(conv, post, w)
	if err != nil {
		return fail(err.Error())
	}
	m.Attempts++
	res, err := r.send(ctx, a, out)
	if err == nil {
		m.State, m.Reason, m.ProviderMessageID, m.NextAttemptAt = channel.StateSent.String(), "", res.MessageID, 0
		if err := r.store.DropEchoClaim(ctx, c.ID, res.MessageID); err != nil {
			r.log.Warn("Frontdesk: dropping the echo of a send", "post_id", m.PostID, "err", err.Error())
		}
		// The chat is answered before anyone is told the reply was sent.
		if err := r.store.RecordMessage(ctx, conv.ID, false, m.ProviderAt); err != nil {
			r.log.Warn("Frontdesk: recording reply", "conversation_id", conv.ID, "err", err.Error())
		}
		r.saveDelivery(ctx, c, m)
		r.applyEarlyStatuses(ctx, c, m)
		outcome(conversation.OutcomeSent)
		return false
	}
	var perr *channel.Error
	if !errors.As(err, &perr) {
		perr = &channel.Error{Class: channel.ClassRetryable, Reason: err.Error()}
	}
	r.log.Warn("Frontdesk: send failed", "conversation_id", conv.ID, "post_id", m.PostID,
		"channel_kind", string(c.Kind), "class", string(perr.Class), "code", perr.Code)
	switch perr.Class {
	case channel.ClassRetryable:
		if m.Attempts >= MaxAttempts {
			return fail(r.texts.ForSite(textFailedGaveUp, map[string]any{"Attempts": m.Attempts, "Reason": perr.Reason}))
		}
		m.NextAttemptAt = conversation.Millis(r.now().Add(backoff(m.Attempts, perr.RetryAfter)))
		m.Reason = perr.Reason
		r.saveDelivery(ctx, c, m)
		outcome(conversation.OutcomeRetryScheduled)
		return true
	case channel.ClassSyncLost:
		r.conns.MarkSync(ctx, c, perr)
		return fail(r.texts.ForSite(textFailedSyncLost, map[string]any{"Reason": perr.Reason}))
	case channel.ClassWindowClosed:
		return fail(r.texts.ForSite(textFailedWindowClosed, map[string]any{"Reason": perr.Reason}))
	case channel.ClassOptedOut:
		// Learnt from the send: later replies are refused with the reason instead of failing.
		if err := r.setOptedOut(ctx, c, conv.ID, conversation.Millis(r.now())); err != nil {
			r.log.Warn("Frontdesk: recording an opt-out", "conversation_id", conv.ID, "err", err.Error())
		}
		return fail(perr.Reason)
	default:
		return fail(perr.Reason)
	}
}

// send calls the adapter; a panic in a provider's send path becomes a retryable failure (and a
// logged, counted panic) instead of taking the plugin down.
func (r *Relay) send(ctx context.Context, a channel.Adapter, out channel.Outbound) (res channel.SendResult, err error) {
	defer func() {
		if v := recover(); v != nil {
			r.panics.Add(1)
			r.log.Error("Frontdesk: recovered from a panic", "where", "send", "channel_kind", string(a.Kind()), "err", fmt.Sprint(v))
			err = &channel.Error{Class: channel.ClassRetryable, Reason: "the provider's adapter failed unexpectedly"}
		}
	}()
	return a.Send(ctx, out)
}

func backoff(attempts int, retryAfter time.Duration) time.Duration {
	d := firstBackoff << min(attempts-1, 10)
	if d > maxBackoff {
		d = maxBackoff
	}
	if retryAfter > d {
		d = retryAfter
	}
	return d
}

// outbound builds the provider message from the agent's post: its text and its first attachment.
func (r *Relay) outbound(conv *conversation.Conversation, post *model.Post, w channel.Window) (channel.Outbound, error) {
	out := channel.Outbound{
		To:         conv.CustomerID,
		Text:       post.Message,
		HumanAgent: w.State == channel.WindowHumanAgent,
	}
	if len(post.FileIds) > 0 {
		f, err := r.mm.GetFile(post.FileIds[0])
		if err != nil {
			return out, fmt.Errorf("reading the attachment: %w", err)
		}
		// Both the bytes (for providers that upload) and a signed link (for those that fetch by URL).
		link, err := r.MediaLink(post.FileIds[0])
		if err != nil {
			return out, err
		}
		out.Media = &channel.OutboundMedia{Kind: channel.MediaKindOf(f.MIMEType), FileName: f.Name, MIMEType: f.MIMEType, Data: f.Data, URL: link}
	}
	return out, nil
}

func (r *Relay) saveDelivery(ctx context.Context, c *conversation.Connection, m *conversation.Message) {
	if err := r.store.UpdateDelivery(ctx, m); err != nil {
		r.log.Error("Frontdesk: saving delivery state", "post_id", m.PostID, "err", err.Error())
		return
	}
	r.thread.ShowDelivery(c, m)
}

// postToSend is a reply's post: on its first attempt as the reply hook had it a moment ago, when
// no edit or delete came since; otherwise read from Mattermost.
func (r *Relay) postToSend(conv *conversation.Conversation, m *conversation.Message) (*model.Post, error) {
	if m.Attempts == 0 {
		if post := r.onTheirWay.take(conv.RootPostID, m.PostID); post != nil {
			return post, nil
		}
	}
	return r.mm.GetPost(m.PostID)
}

// AgentEdited forwards an agent's edit where the provider supports it, and says so where not.
func (r *Relay) AgentEdited(ctx context.Context, newPost, oldPost *model.Post) {
	r.onTheirWay.changed(newPost)
	if newPost.Message == oldPost.Message {
		return // a props update (delivery state), not an edit
	}
	r.forwardChange(ctx, newPost, func(a channel.Adapter, to channel.CustomerID, id channel.MessageID) (bool, error) {
		ed, ok := a.(channel.Editor)
		if !ok {
			return false, nil
		}
		return true, ed.Edit(ctx, to, id, newPost.Message)
	}, "edit")
}

// AgentDeleted forwards an agent's delete where the provider supports it, and says so where not.
func (r *Relay) AgentDeleted(ctx context.Context, post *model.Post) {
	r.onTheirWay.changed(post)
	r.forwardChange(ctx, post, func(a channel.Adapter, to channel.CustomerID, id channel.MessageID) (bool, error) {
		d, ok := a.(channel.Deleter)
		if !ok {
			return false, nil
		}
		return true, d.Delete(ctx, to, id)
	}, "delete")
}

func (r *Relay) forwardChange(ctx context.Context, post *model.Post, do func(channel.Adapter, channel.CustomerID, channel.MessageID) (bool, error), what string) {
	if post.RootId == "" || post.UserId == r.botID || post.Type != "" {
		return
	}
	m, err := r.store.MessageByPost(ctx, post.Id)
	if err != nil || m.Direction != conversation.Out || m.ProviderMessageID == "" || m.Pruned {
		return
	}
	conv, err := r.store.GetConversation(ctx, m.ConversationID)
	if err != nil {
		return
	}
	c, err := r.conns.Get(ctx, conv.ConnectionID)
	if err != nil {
		return
	}
	a, err := r.conns.Adapter(c)
	if err != nil {
		return
	}
	supported, err := do(a, conv.CustomerID, m.ProviderMessageID)
	switch {
	case !supported:
		r.mm.SendEphemeral(post.UserId, post.ChannelId, post.RootId,
			r.texts.ForUser(post.UserId, changeTexts[what].unsupported, map[string]any{"Provider": c.Kind.Name()}))
	case err != nil:
		r.mm.SendEphemeral(post.UserId, post.ChannelId, post.RootId,
			r.texts.ForUser(post.UserId, changeTexts[what].failed, map[string]any{"Reason": conversation.Reason(err)}))
	}
}

// changeTexts tell an agent what became of an edit or a delete the customer does not see.
var changeTexts = map[string]struct{ unsupported, failed locale.Text }{
	"edit": {
		locale.Text{ID: "relay.edit.unsupported", Other: "Frontdesk: {{.Provider}} does not support changing a sent message; the customer still sees the original. Your edit applies here only."},
		locale.Text{ID: "relay.edit.failed", Other: "Frontdesk: the edit could not be forwarded to the customer: {{.Reason}}"},
	},
	"delete": {
		locale.Text{ID: "relay.delete.unsupported", Other: "Frontdesk: {{.Provider}} does not support changing a sent message; the customer still sees the original. Your delete applies here only."},
		locale.Text{ID: "relay.delete.failed", Other: "Frontdesk: the delete could not be forwarded to the customer: {{.Reason}}"},
	},
}

// The reasons a failed reply shows everyone (its delivery mark), in the site's language; the
// provider's own reason follows as it gave it.
var (
	textFailedSyncLost     = locale.Text{ID: "delivery.sync_lost", Other: "The provider account lost its connection: {{.Reason}}. Reconnect it, then retry."}
	textFailedDeleted      = locale.Text{ID: "delivery.deleted", Other: "The reply was deleted before it could be sent."}
	textFailedGaveUp       = locale.Text{ID: "delivery.gave_up", Other: "Not delivered after {{.Attempts}} attempts: {{.Reason}}"}
	textFailedWindowClosed = locale.Text{ID: "delivery.window_closed", Other: "The customer-service window is closed: {{.Reason}}"}
	textSweptTooOld        = locale.Text{ID: "delivery.swept.too_old", Other: "Not sent: this reply was posted while Frontdesk was not running, more than a day ago. Retry to send it now."}
	textSweptRefused       = locale.Text{ID: "delivery.swept.refused", Other: "Not sent: this reply was posted while Frontdesk was not running. {{.Why}}"}
)
