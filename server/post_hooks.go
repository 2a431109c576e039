package main

import (
	"context"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
)

const hookTimeout = 10 * time.Second

// MessageWillBePosted drops the frontdesk_* props of a post by anyone but the bot and refuses a
// reply that cannot reach the customer (or a post by someone who may not use the chat), before it
// is stored.
func (p *Plugin) MessageWillBePosted(_ *plugin.Context, post *model.Post) (*model.Post, string) {
	if post.UserId == p.botID {
		return post, "" // the cheap exit: this hook runs for every post on the server
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	post, reason := p.relay.WillPost(ctx, post)
	if reason != "" {
		p.client.Post.SendEphemeralPost(post.UserId, &model.Post{
			UserId: p.botID, ChannelId: post.ChannelId, RootId: post.RootId, Message: p.localizeRefusal(post.UserId, reason),
		})
		return nil, reason
	}
	return post, ""
}

// MessageHasBeenPosted queues an agent's reply for the customer.
func (p *Plugin) MessageHasBeenPosted(_ *plugin.Context, post *model.Post) {
	if post.RootId == "" || post.UserId == p.botID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	p.relay.HasBeenPosted(ctx, post)
}

// MessageHasBeenUpdated forwards an agent's edit where the provider allows it.
func (p *Plugin) MessageHasBeenUpdated(_ *plugin.Context, newPost, oldPost *model.Post) {
	if newPost.RootId == "" || newPost.UserId == p.botID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	p.relay.AgentEdited(ctx, newPost, oldPost)
}

// MessageHasBeenDeleted forwards an agent's delete where the provider allows it.
func (p *Plugin) MessageHasBeenDeleted(_ *plugin.Context, post *model.Post) {
	if post.RootId == "" || post.UserId == p.botID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	p.relay.AgentDeleted(ctx, post)
}

// MessageWillBeUpdated drops frontdesk_* props an edit by anyone but the bot would set, and refuses
// an edit that would make a chat reply too long for the customer.
func (p *Plugin) MessageWillBeUpdated(_ *plugin.Context, newPost, oldPost *model.Post) (*model.Post, string) {
	if newPost.UserId == p.botID {
		return newPost, ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	newPost, reason := p.relay.WillEdit(ctx, newPost, oldPost)
	if reason != "" {
		return nil, p.localizeRefusal(newPost.UserId, reason)
	}
	return newPost, ""
}

// ReactionHasBeenAdded forwards an agent's reaction on a customer's message where the provider allows.
func (p *Plugin) ReactionHasBeenAdded(_ *plugin.Context, r *model.Reaction) {
	if r.UserId == p.botID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	p.relay.AgentReacted(ctx, r, false)
}

// ReactionHasBeenRemoved takes an agent's reaction back at the provider.
func (p *Plugin) ReactionHasBeenRemoved(_ *plugin.Context, r *model.Reaction) {
	if r.UserId == p.botID {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), hookTimeout)
	defer cancel()
	p.relay.AgentReacted(ctx, r, true)
}
