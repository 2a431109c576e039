package whatsapp

import (
	"context"
	"net/http"
	"net/url"
)

// Health reads the phone number object: cheap, authenticated, and it fails with 190 (sync lost) when
// the token is dead or with 100 when the phone number id is wrong.
func (a *Adapter) Health(ctx context.Context) error {
	var out struct {
		ID string `json:"id"`
	}
	q := url.Values{"fields": {"id,display_phone_number,verified_name,quality_rating"}}
	return a.graph.Do(ctx, http.MethodGet, "/"+a.phoneNumberID, q, nil, &out)
}
