package sms_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/frontdesk-chat/frontdesk/server/channel"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms"
	"github.com/frontdesk-chat/frontdesk/server/channel/sms/smstest"
)

func TestHealth(t *testing.T) {
	t.Run("a Messaging Service is named by the account", func(t *testing.T) {
		a, _ := newAdapter(t, smstest.Credentials{AccountSID: testAccount, AuthToken: testToken, MessagingServiceSID: testService})
		acct, err := a.Account(context.Background())
		if err != nil || acct.Name == "" || acct.Name == testNumber {
			t.Errorf("account = %+v, %v; want the account's friendly name", acct, err)
		}
	})
	t.Run("healthy", func(t *testing.T) {
		a, fake := newAdapter(t, testCreds)
		acct, err := a.Account(context.Background())
		if err != nil {
			t.Fatalf("Account: %v", err)
		}
		// Staff know the connection by the number customers text.
		if acct.ID != testAccount || acct.Name != testNumber {
			t.Errorf("account = %+v", acct)
		}
		if err := a.Health(context.Background()); err != nil {
			t.Fatalf("Health: %v", err)
		}
		c := fake.Calls()[0]
		if c.Method != http.MethodGet || c.Path != "/2010-04-01/Accounts/"+testAccount+".json" || !c.Authorized {
			t.Errorf("call = %+v", c)
		}
	})
	tests := []struct {
		name  string
		fault func(*smstest.Server)
		class channel.Class
	}{
		{"token rotated", func(s *smstest.Server) { s.RotateAuthToken("new") }, channel.ClassSyncLost},
		{"account suspended", func(s *smstest.Server) { s.SetAccountStatus("suspended") }, channel.ClassSyncLost},
		{"outage", func(s *smstest.Server) { s.SetDown(true) }, channel.ClassRetryable},
		{"throttled", func(s *smstest.Server) {
			s.FailNext(1, smstest.Failure{Status: 429, Code: 20429, Message: "Too Many Requests"})
		}, channel.ClassRetryable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, fake := newAdapter(t, testCreds)
			tt.fault(fake)
			err := a.Health(context.Background())
			if e := classOf(t, err); e.Class != tt.class {
				t.Errorf("error = %+v, want %s", e, tt.class)
			}
		})
	}
	t.Run("unknown account", func(t *testing.T) {
		fake := smstest.Start(testCreds)
		defer fake.Close()
		// Right token for the fake's account, but the path names another one.
		creds := testCreds.Map()
		creds[sms.FieldAccountSID] = "AC99999999999999999999999999999999"
		a, err := sms.New(channel.Config{Credentials: creds, BaseURL: fake.URL()})
		if err != nil {
			t.Fatal(err)
		}
		if e := classOf(t, a.Health(context.Background())); e.Class != channel.ClassSyncLost {
			t.Errorf("error = %+v", e)
		}
	})
}
