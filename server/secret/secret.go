// Package secret seals provider credentials at rest with AES-256-GCM. The key comes from the plugin's
// generated EncryptionKey setting; a fresh random nonce is prepended to every sealed value.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// ErrNoKey means the plugin has no encryption key configured yet.
var ErrNoKey = errors.New("no encryption key configured")

// ErrUnreadable means a sealed value cannot be opened: corrupt, or sealed with another key.
var ErrUnreadable = errors.New("sealed value cannot be opened with the current key")

const version byte = 1

// Box seals and opens values with one key.
type Box struct {
	aead cipher.AEAD
	root [32]byte
}

// NewBox derives a 256-bit key from the configured setting. The setting is a random string generated
// by Mattermost; hashing gives a fixed key length whatever its size.
func NewBox(setting string) (*Box, error) {
	if setting == "" {
		return nil, ErrNoKey
	}
	key := sha256.Sum256([]byte(setting))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead, root: key}, nil
}

// DeriveKey gives a separate key for another purpose (signing links), so the sealing key is never
// used for two things.
func (b *Box) DeriveKey(purpose string) []byte {
	mac := hmac.New(sha256.New, b.root[:])
	mac.Write([]byte(purpose))
	return mac.Sum(nil)
}

// Seal encrypts plain into version || nonce || ciphertext.
func (b *Box) Seal(plain []byte) ([]byte, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("reading nonce: %w", err)
	}
	out := append([]byte{version}, nonce...)
	return b.aead.Seal(out, nonce, plain, []byte{version}), nil
}

// Open decrypts a value made by Seal.
func (b *Box) Open(sealed []byte) ([]byte, error) {
	n := b.aead.NonceSize()
	if len(sealed) < 1+n || sealed[0] != version {
		return nil, ErrUnreadable
	}
	plain, err := b.aead.Open(nil, sealed[1:1+n], sealed[1+n:], []byte{version})
	if err != nil {
		return nil, ErrUnreadable
	}
	return plain, nil
}
