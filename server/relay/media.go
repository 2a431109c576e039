package relay

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// mediaLinkTTL is how long a signed attachment link works: long enough for a provider to fetch it
// (Twilio and Instagram fetch media by URL), short enough not to leak files for good.
const mediaLinkTTL = 24 * time.Hour

// MediaLink is a public, signed, expiring URL of an agent's attachment for providers that only send
// media they can fetch.
func (r *Relay) MediaLink(fileID string) (string, error) {
	exp := r.now().Add(mediaLinkTTL).Unix()
	sig, err := r.mediaSignature(fileID, exp)
	if err != nil {
		return "", err
	}
	q := url.Values{"exp": {strconv.FormatInt(exp, 10)}, "sig": {sig}}
	return fmt.Sprintf("%s/plugins/frontdesk/media/%s?%s", strings.TrimRight(r.mm.SiteURL(), "/"), url.PathEscape(fileID), q.Encode()), nil
}

// MediaFile returns the attachment a signed link names, or ErrNotFound for a bad or expired link.
func (r *Relay) MediaFile(fileID, expParam, sig string) (*conversation.File, error) {
	exp, err := strconv.ParseInt(expParam, 10, 64)
	if err != nil || r.now().Unix() > exp {
		return nil, conversation.ErrNotFound
	}
	want, err := r.mediaSignature(fileID, exp)
	if err != nil || !hmac.Equal([]byte(want), []byte(sig)) {
		return nil, conversation.ErrNotFound
	}
	f, err := r.mm.GetFile(fileID)
	if err != nil {
		return nil, conversation.ErrNotFound
	}
	return f, nil
}

// mediaSignature is HMAC-SHA256 over the file id and expiry, keyed by a key derived from the
// plugin's encryption key (never the key itself).
func (r *Relay) mediaSignature(fileID string, exp int64) (string, error) {
	key, err := r.mediaKey()
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s:%d", fileID, exp)
	return hex.EncodeToString(mac.Sum(nil)), nil
}
