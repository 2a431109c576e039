package conversation

import "errors"

// Sentinel errors of the core; the API maps them to HTTP answers in one place.
var (
	ErrNotFound   = errors.New("not found")
	ErrForbidden  = errors.New("forbidden")
	ErrInvalid    = errors.New("invalid request")
	ErrNotAllowed = errors.New("not allowed by the provider's rules")
)
