package relay

import (
	"context"
	"fmt"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Several accounts on one provider app. Meta allows one callback URL per app, so a second WhatsApp
// number, Page or Instagram account on the same app has its events delivered to the webhook URL of
// whichever connection the admin entered in the App Dashboard. The adapter names each event's
// account; an event for another account is stored under the connection that owns that account, in
// the same delivery and before the 200, so nothing is lost and nothing lands in the wrong channel.

// accountOwner is an adapter whose events name the account they are for (Meta: the phone number
// id, the Page id, the Instagram account id) and that knows its own.
type accountOwner interface {
	OwnsAccount(id string) bool
}

// unknownAccountKeeper is an adapter that keeps an event for an account no connection owns
// (Instagram: the id in the delivery may differ from the one the admin copied).
type unknownAccountKeeper interface {
	KeepsUnknownAccounts() bool
}

// routed is one event and the connection it belongs to.
type routed struct {
	conn  *conversation.Connection
	event *channel.Event
}

// routeAccounts splits a delivery's events by account. Events for the receiving connection's own
// account (or naming none) come back in own; an event for another account goes to the connection of
// the same kind that owns that account and whose credentials verify this very delivery (same app
// secret: a connection of another app cannot be fed by this one). An event whose account nobody
// owns is unknown, unless the adapter keeps such events.
func (r *Relay) routeAccounts(ctx context.Context, c *conversation.Connection, a channel.Adapter, req channel.WebhookRequest, events []channel.Event) (own []channel.Event, elsewhere []routed, unknown []channel.Event, err error) {
	owner, ok := a.(accountOwner)
	if !ok {
		return events, nil, nil, nil
	}
	type found struct {
		conn    *conversation.Connection // nil: no connection that verifies the delivery owns it
		claimed bool                     // a connection owns it, whether or not it verifies
	}
	owners := map[string]found{} // by account id
	for i := range events {
		id := events[i].Account.ID
		if id == "" || owner.OwnsAccount(id) {
			own = append(own, events[i])
			continue
		}
		f, seen := owners[id]
		if !seen {
			if f.conn, f.claimed, err = r.accountOwnerOf(ctx, c, id, req); err != nil {
				return nil, nil, nil, err
			}
			owners[id] = f
		}
		switch {
		case f.conn != nil:
			elsewhere = append(elsewhere, routed{conn: f.conn, event: &events[i]})
		case keeps(a) && !f.claimed:
			own = append(own, events[i])
		default:
			unknown = append(unknown, events[i])
		}
	}
	return own, elsewhere, unknown, nil
}

func keeps(a channel.Adapter) bool {
	k, ok := a.(unknownAccountKeeper)
	return ok && k.KeepsUnknownAccounts()
}

// accountOwnerOf finds the connection of c's kind that owns the account and authenticates the
// delivery, or nil; claimed reports that some connection owns the account, verifying or not (one
// of another app: the event is then nobody's to keep).
func (r *Relay) accountOwnerOf(ctx context.Context, c *conversation.Connection, accountID string, req channel.WebhookRequest) (_ *conversation.Connection, claimed bool, _ error) {
	list, err := r.store.ListConnections(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("listing connections: %w", err)
	}
	for _, listed := range list {
		if listed.ID == c.ID || listed.Kind != c.Kind {
			continue
		}
		other, err := r.conns.Get(ctx, listed.ID) // opens its credentials
		if err != nil {
			continue
		}
		oa, err := r.conns.Adapter(other)
		if err != nil {
			continue // unreadable credentials: it cannot verify the delivery either
		}
		if o, ok := oa.(accountOwner); !ok || !o.OwnsAccount(accountID) {
			continue
		}
		claimed = true
		if oa.Authenticate(req) != nil {
			r.log.Warn("Frontdesk: delivery for an account whose connection does not verify it",
				"connection_id", c.ID, "owner_connection_id", other.ID, "account_id", accountID)
			continue
		}
		return other, true, nil
	}
	return nil, claimed, nil
}

// receiveElsewhere stores the events routed to other connections, logging each outcome under the
// connection that owns it. It returns the outcomes and the conversations to kick.
func (r *Relay) receiveElsewhere(ctx context.Context, from *conversation.Connection, list []routed) ([]conversation.Outcome, []string, error) {
	var outcomes []conversation.Outcome
	var touched []string
	for _, rt := range list {
		conversationID, outcome, err := r.receive(ctx, rt.conn, rt.event)
		if err != nil {
			return nil, nil, fmt.Errorf("storing event for connection %s: %w", rt.conn.ID, err)
		}
		conversation.LogOutcome(r.log, outcome, "connection_id", rt.conn.ID, "channel_kind", string(rt.conn.Kind),
			"conversation_id", conversationID, "received_by", from.ID)
		outcomes = append(outcomes, outcome)
		if outcome == conversation.OutcomeClaimed || outcome == conversation.OutcomeNativeEcho || outcome == conversation.OutcomeQueued {
			touched = append(touched, conversationID)
		}
	}
	return outcomes, touched, nil
}

// reportUnknown logs every event whose account no connection owns: acknowledged (a retry would not
// find an owner either) but never dropped silently.
func (r *Relay) reportUnknown(c *conversation.Connection, events []channel.Event) []conversation.Outcome {
	var outcomes []conversation.Outcome
	for i := range events {
		conversation.LogOutcome(r.log, conversation.OutcomeUnknownAccount, "connection_id", c.ID,
			"channel_kind", string(c.Kind), "account_id", events[i].Account.ID)
		r.log.Warn("Frontdesk: an event for an account no connection owns was not stored; connect that account in Frontdesk",
			"connection_id", c.ID, "channel_kind", string(c.Kind), "account_id", events[i].Account.ID,
			"event_type", string(events[i].Type))
		outcomes = append(outcomes, conversation.OutcomeUnknownAccount)
	}
	return outcomes
}
