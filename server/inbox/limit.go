package inbox

import (
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// StartLimit caps how fast one user starts chats and sends templates, which cost money (an SMS, a
// WhatsApp template): Burst at once, then one every Every.
type StartLimit struct {
	Every time.Duration
	Burst int
}

// DefaultStartLimit is 10 at once, then 10 a minute.
var DefaultStartLimit = StartLimit{Every: 6 * time.Second, Burst: 10}

// RateLimitedError refuses a start or a template over the user's limit; RetryAfter says when the
// next one goes. The REST API answers it 429 with a Retry-After header.
type RateLimitedError struct {
	RetryAfter time.Duration
	Limit      StartLimit
}

func (e *RateLimitedError) Error() string {
	perMinute := int(time.Minute / e.Limit.Every)
	return fmt.Sprintf("too many chats started or templates sent: at most %d at once and %d a minute; try again in %d s",
		e.Limit.Burst, perMinute, int(math.Ceil(e.RetryAfter.Seconds())))
}

// limiter holds one token bucket per user, on the inbox's clock.
type limiter struct {
	mu    sync.Mutex
	limit StartLimit
	users map[string]*rate.Limiter
}

func newLimiter(l StartLimit) *limiter {
	if l.Every <= 0 || l.Burst <= 0 {
		l = DefaultStartLimit
	}
	return &limiter{limit: l, users: map[string]*rate.Limiter{}}
}

// take spends one of the user's tokens, or says how long until there is one.
func (l *limiter) take(userID string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.users[userID]
	if !ok {
		if len(l.users) >= 10000 {
			l.forgetIdle(now)
		}
		lim = rate.NewLimiter(rate.Every(l.limit.Every), l.limit.Burst)
		l.users[userID] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &RateLimitedError{RetryAfter: d, Limit: l.limit}
	}
	return nil
}

// forgetIdle drops the buckets that are full again: they would start over the same.
func (l *limiter) forgetIdle(now time.Time) {
	for id, lim := range l.users {
		if lim.TokensAt(now) >= float64(l.limit.Burst) {
			delete(l.users, id)
		}
	}
}

// errCannotPost refuses acting for a user Mattermost does not let post in the channel.
var errCannotPost = fmt.Errorf("%w: you may not post in this chat's channel (its moderation or your role does not allow it)", conversation.ErrForbidden)

// mayPost checks Mattermost's own create_post permission, channel moderation included, before
// Frontdesk posts on the user's behalf.
func (in *Inbox) mayPost(channelID, userID string) error {
	if !in.mm.MayPost(channelID, userID) {
		return errCannotPost
	}
	return nil
}
