package relay

import (
	"context"
	"sync"
	"time"
)

// chatChannelsFor is how long the set of chat channels is trusted before it is read again. A
// connection created or moved on this server is seen at once (ForgetChatChannels); on another
// server of the cluster, within this time, and the sweep queues a reply its hook skipped meanwhile.
const chatChannelsFor = 5 * time.Second

// chatChannels caches the channels a connection was ever mapped to: the post hooks look a reply's
// root up only there, so an ordinary reply anywhere else costs no database query.
type chatChannels struct {
	mu       sync.Mutex
	ids      map[string]bool
	loadedAt time.Time
}

// inChatChannel reports whether channelID may hold chat threads. When the set cannot be read it
// answers true: the hook then looks the root up as it would without the cache.
func (r *Relay) inChatChannel(ctx context.Context, channelID string) bool {
	cc := &r.chatChannels
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.ids == nil || time.Since(cc.loadedAt) > chatChannelsFor {
		ids, err := r.store.ChatChannels(ctx)
		if err != nil {
			r.log.Warn("Frontdesk: listing chat channels", "err", err.Error())
			return true
		}
		cc.ids = make(map[string]bool, len(ids))
		for _, id := range ids {
			cc.ids[id] = true
		}
		cc.loadedAt = time.Now()
	}
	return cc.ids[channelID]
}

// ForgetChatChannels makes the next post hook read the chat channels again: a connection was
// created or moved to another channel.
func (r *Relay) ForgetChatChannels() {
	r.chatChannels.mu.Lock()
	r.chatChannels.ids = nil
	r.chatChannels.mu.Unlock()
}
