package telegram

import (
	"net/http"
	"testing"
	"time"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

func TestClassify(t *testing.T) {
	retry := func(n int) *struct {
		RetryAfter int `json:"retry_after"`
	} {
		return &struct {
			RetryAfter int `json:"retry_after"`
		}{n}
	}
	for _, tt := range []struct {
		status int
		env    apiResponse
		header string
		class  channel.Class
		code   string
		after  time.Duration
	}{
		{401, apiResponse{ErrorCode: 401, Description: "Unauthorized"}, "", channel.ClassSyncLost, "401", 0},
		{404, apiResponse{ErrorCode: 404, Description: "Not Found"}, "", channel.ClassSyncLost, "404", 0},
		{403, apiResponse{ErrorCode: 403, Description: "Forbidden: bot was blocked by the user"}, "", channel.ClassOptedOut, "403", 0},
		{403, apiResponse{ErrorCode: 403, Description: "Forbidden: user is deactivated"}, "", channel.ClassPermanent, "403", 0},
		{400, apiResponse{ErrorCode: 400, Description: "Bad Request: chat not found"}, "", channel.ClassPermanent, "400", 0},
		{400, apiResponse{ErrorCode: 400, Description: "Bad Request: message is too long"}, "", channel.ClassPermanent, "400", 0},
		{400, apiResponse{ErrorCode: 400, Description: "Bad Request: file is too big"}, "", channel.ClassPermanent, "400", 0},
		{409, apiResponse{ErrorCode: 409, Description: "Conflict: can't use getUpdates method while webhook is active"}, "", channel.ClassPermanent, "409", 0},
		{413, apiResponse{}, "", channel.ClassPermanent, "413", 0},
		{429, apiResponse{ErrorCode: 429, Description: "Too Many Requests: retry after 35", Parameters: retry(35)}, "", channel.ClassRetryable, "429", 35 * time.Second},
		{429, apiResponse{ErrorCode: 429, Description: "Too Many Requests"}, "4", channel.ClassRetryable, "429", 4 * time.Second},
		{429, apiResponse{ErrorCode: 429, Description: "Too Many Requests: retry after 9999999999", Parameters: retry(9999999999)}, "", channel.ClassRetryable, "429", channel.MaxRetryAfter},
		{500, apiResponse{ErrorCode: 500, Description: "Internal Server Error"}, "", channel.ClassRetryable, "500", 0},
		{502, apiResponse{}, "", channel.ClassRetryable, "502", 0}, // an HTML page from a proxy
		{200, apiResponse{OK: false}, "", channel.ClassRetryable, "502", 0},
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		e := classify(tt.status, h, tt.env)
		if e.Class != tt.class || e.Code != tt.code || e.RetryAfter != tt.after || e.Reason == "" {
			t.Errorf("classify(%d, %+v) = %+v, want %s %s %v", tt.status, tt.env, e, tt.class, tt.code, tt.after)
		}
		if tt.env.Description != "" && e.Reason != tt.env.Description {
			t.Errorf("reason %q, want Telegram's words %q", e.Reason, tt.env.Description)
		}
	}
}

func TestReactionEmoji(t *testing.T) {
	e := func(s string) reactionType { return reactionType{Type: "emoji", Emoji: s} }
	custom := reactionType{Type: "custom_emoji"}
	for _, tt := range []struct {
		name     string
		old, now []reactionType
		want     string
		ok       bool
	}{
		{"added", nil, []reactionType{e("👍")}, "👍", true},
		{"second added", []reactionType{e("👍")}, []reactionType{e("👍"), e("🔥")}, "🔥", true},
		{"one of two removed", []reactionType{e("👍"), e("🔥")}, []reactionType{e("👍")}, "👍", true},
		{"removed", []reactionType{e("👍")}, nil, "", true},
		{"custom only", nil, []reactionType{custom}, "", false},
		{"custom beside emoji", nil, []reactionType{custom, e("❤")}, "❤", true},
	} {
		got, ok := reactionEmoji(tt.old, tt.now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %q %v, want %q %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidSecret(t *testing.T) {
	long := make([]byte, 257)
	for i := range long {
		long[i] = 'a'
	}
	for s, ok := range map[string]bool{
		"s3cret_Token-1": true, string(long[:256]): true,
		"": false, string(long): false, "with space": false, "semi;colon": false, "ünï": false,
	} {
		if err := validSecret(s); (err == nil) != ok {
			t.Errorf("validSecret(%q) = %v", s, err)
		}
	}
}
