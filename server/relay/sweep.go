package relay

import (
	"context"
	"time"

	"github.com/mattermost/mattermost/server/public/model"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// The sweep for replies the post hook never saw: posted while Frontdesk was disabled, restarting
// or upgrading, or whose outbox insert failed.
const (
	// sweepName names the sweep's watermark in the store.
	sweepName = "replies"
	// sweepOverlap looks back before the watermark, for posts whose hook was still running when
	// the last sweep read the channel.
	sweepOverlap = 5 * time.Minute
	// sweepFirstLook is how far the very first sweep looks back.
	sweepFirstLook = 48 * time.Hour
	// SweepTooOld is the age after which a reply found by the sweep is not sent but marked failed,
	// with Retry: a day-old answer sent unseen could surprise the customer and the agent alike.
	SweepTooOld = 24 * time.Hour
)

// Sweep finds replies in chat threads that have no outbox row, since the last sweep, and queues
// each once, or marks it failed with Retry when it is older than SweepTooOld or cannot reach the
// customer (the same checks as a reply the hook sees). It runs at activation and periodically on
// one server of the cluster; the outbox's uniqueness on the post makes it harmless beside the post
// hook and beside another server's sweep. The watermark moves only when every channel was read.
func (r *Relay) Sweep(ctx context.Context) {
	r.ForgetChatChannels() // the sweep backs up hooks that trusted a set another server had changed
	now := r.now()
	from, err := r.store.SweptTo(ctx, sweepName)
	if err != nil {
		r.log.Warn("Frontdesk: reading the sweep's watermark", "err", err.Error())
		return
	}
	if from == 0 {
		from = conversation.Millis(now.Add(-sweepFirstLook))
	} else {
		from -= sweepOverlap.Milliseconds()
	}
	conns, err := r.store.ListConnections(ctx)
	if err != nil {
		r.log.Warn("Frontdesk: listing connections for the sweep", "err", err.Error())
		return
	}
	complete := true
	for _, c := range conns {
		if !r.sweepChannel(ctx, c, from, now) {
			complete = false
		}
	}
	if complete {
		if err := r.store.SetSweptTo(ctx, sweepName, conversation.Millis(now)); err != nil {
			r.log.Warn("Frontdesk: saving the sweep's watermark", "err", err.Error())
		}
	}
}

// sweepChannel sweeps one connection's channel and reports whether it was read through.
func (r *Relay) sweepChannel(ctx context.Context, c *conversation.Connection, from int64, now time.Time) bool {
	posts, err := r.mm.PostsSince(c.ChannelID, from)
	if err != nil {
		r.log.Warn("Frontdesk: reading a channel for the sweep", "connection_id", c.ID, "err", err.Error())
		return false
	}
	byID := map[string]*model.Post{}
	var ids []string
	for _, p := range posts {
		// The cheap filters first; candidate decides the rest as the post hook does.
		if p.RootId == "" || p.DeleteAt != 0 || p.UserId == r.botID || p.Type != "" {
			continue
		}
		byID[p.Id] = p
		ids = append(ids, p.Id)
	}
	unqueued, err := r.store.UnqueuedPosts(ctx, ids)
	if err != nil {
		r.log.Warn("Frontdesk: checking swept posts", "connection_id", c.ID, "err", err.Error())
		return false
	}
	for _, id := range unqueued {
		p := byID[id]
		conv, pc, _ := r.candidate(ctx, p)
		if conv == nil || pc.ID != c.ID {
			continue
		}
		reason := ""
		if now.Sub(time.UnixMilli(p.CreateAt)) > SweepTooOld {
			reason = r.texts.ForSite(textSweptTooOld, nil)
		} else if why := r.refusalReason(p.UserId, pc, conv, p.Message); why != "" {
			reason = r.texts.ForSite(textSweptRefused, map[string]any{"Why": why})
		}
		if reason == "" {
			if r.queue(ctx, conv, p, nil) {
				conversation.LogOutcome(r.log, conversation.OutcomeSwept, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", p.Id)
			}
			continue
		}
		r.markSweptFailed(ctx, pc, conv, p, reason)
	}
	return true
}

// markSweptFailed records a swept reply as failed, with its reason and the Retry button.
func (r *Relay) markSweptFailed(ctx context.Context, c *conversation.Connection, conv *conversation.Conversation, p *model.Post, reason string) {
	m := &conversation.Message{
		ID: model.NewId(), ConversationID: conv.ID, ConnectionID: conv.ConnectionID, Direction: conversation.Out,
		PostID: p.Id, State: channel.StateFailed.String(), Reason: reason, ProviderAt: p.CreateAt,
		CreateAt: conversation.Millis(r.now()),
	}
	inserted, err := r.store.InsertMessage(ctx, m)
	if err != nil {
		r.log.Error("Frontdesk: marking a swept reply failed", "conversation_id", conv.ID, "post_id", p.Id, "err", err.Error())
		return
	}
	if !inserted {
		return // the hook or another sweep queued it meanwhile
	}
	r.thread.ShowDelivery(c, m)
	conversation.LogOutcome(r.log, conversation.OutcomeSweptTooOld, "connection_id", c.ID, "conversation_id", conv.ID, "post_id", p.Id)
}
