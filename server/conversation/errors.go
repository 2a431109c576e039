package conversation

import "errors"

// Sentinel errors of the core; the API maps them to HTTP answers in one place.
var (
	ErrNotFound   = errors.New("not found")
	ErrForbidden  = errors.New("forbidden")
	ErrInvalid    = errors.New("invalid request")
	ErrNotAllowed = errors.New("not allowed by the provider's rules")
	// ErrMayNotUseChats refuses a person the access policy (F2) does not allow to use chats, said
	// plainly; it is an ErrForbidden (the API answers 403). Only someone who may know the chat or
	// connection exists (a member of its channel) gets it: to anyone else it is ErrNotFound.
	ErrMayNotUseChats error = mayNotUseChats{}
)

type mayNotUseChats struct{}

func (mayNotUseChats) Error() string { return "You may not use Frontdesk chats. Ask a system admin." }
func (mayNotUseChats) Unwrap() error { return ErrForbidden }
