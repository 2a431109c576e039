package messenger

import (
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel/meta/messaging/messagingtest"
)

// A customer's attachment is fetched only from public addresses or the Page's own API host.
func TestFetchMediaRefusesNonPublicHosts(t *testing.T) {
	a, fake := setup(t)
	messagingtest.CheckFetchOnlyFromPublicHosts(t, a, fake.AddMedia([]byte("ok"), "image/png"))
}
