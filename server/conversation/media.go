package conversation

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// mediaLinkTTL is how long a signed attachment link works: long enough for a provider to fetch it
// (Twilio and Instagram fetch media by URL), short enough not to leak files for good.
const mediaLinkTTL = 24 * time.Hour

// MediaLink is a public, signed, expiring URL of an agent's attachment for providers that only send
// media they can fetch.
func (s *Service) MediaLink(fileID string) (string, error) {
	exp := s.now().Add(mediaLinkTTL).Unix()
	sig, err := s.mediaSignature(fileID, exp)
	if err != nil {
		return "", err
	}
	q := url.Values{"exp": {strconv.FormatInt(exp, 10)}, "sig": {sig}}
	return fmt.Sprintf("%s/plugins/frontdesk/media/%s?%s", s.mm.SiteURL(), url.PathEscape(fileID), q.Encode()), nil
}

// MediaFile returns the attachment a signed link names, or ErrNotFound for a bad or expired link.
func (s *Service) MediaFile(fileID, expParam, sig string) (*File, error) {
	exp, err := strconv.ParseInt(expParam, 10, 64)
	if err != nil || s.now().Unix() > exp {
		return nil, ErrNotFound
	}
	want, err := s.mediaSignature(fileID, exp)
	if err != nil || !hmac.Equal([]byte(want), []byte(sig)) {
		return nil, ErrNotFound
	}
	f, err := s.mm.GetFile(fileID)
	if err != nil {
		return nil, ErrNotFound
	}
	return f, nil
}

// mediaSignature is HMAC-SHA256 over the file id and expiry, keyed by a key derived from the
// plugin's encryption key (never the key itself).
func (s *Service) mediaSignature(fileID string, exp int64) (string, error) {
	box, err := s.sealer()
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, box.DeriveKey("frontdesk-media-links"))
	fmt.Fprintf(mac, "%s:%d", fileID, exp)
	return hex.EncodeToString(mac.Sum(nil)), nil
}
