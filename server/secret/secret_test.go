package secret

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	box, err := NewBox("generated-key-from-settings")
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"page_access_token":"EAAG-secret"}`)
	a, err := box.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := box.Seal(plain)
	if bytes.Equal(a, b) {
		t.Fatal("two seals of the same value are identical: the nonce is not random")
	}
	if bytes.Contains(a, []byte("EAAG-secret")) {
		t.Fatal("sealed value contains the plain secret")
	}
	got, err := box.Open(a)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestOpenRefusesTamperingAndOtherKeys(t *testing.T) {
	box, _ := NewBox("key-one")
	other, _ := NewBox("key-two")
	sealed, _ := box.Seal([]byte("token"))

	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	for name, v := range map[string][]byte{"tampered": tampered, "short": sealed[:5], "empty": nil} {
		if _, err := box.Open(v); !errors.Is(err, ErrUnreadable) {
			t.Errorf("%s: err = %v, want ErrUnreadable", name, err)
		}
	}
	if _, err := other.Open(sealed); !errors.Is(err, ErrUnreadable) {
		t.Errorf("other key: err = %v, want ErrUnreadable", err)
	}
}

func TestNewBoxNeedsKey(t *testing.T) {
	if _, err := NewBox(""); !errors.Is(err, ErrNoKey) {
		t.Fatalf("err = %v, want ErrNoKey", err)
	}
}
