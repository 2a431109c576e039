package api

import "net/http"

// Error is an error with its HTTP answer. Packages below the API return their own sentinel errors;
// handlers translate them with these constructors so that the mapping stays in one package.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

var (
	ErrUnauthorized = &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "a Mattermost session or access token is required"}
	ErrNotFound     = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "not found"}
)

// Invalid is a 400 with a message saying what to fix.
func Invalid(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid", Message: msg}
}

// Forbidden is a 403 with a message saying why.
func Forbidden(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: msg}
}

// Conflict is a 409: the request is valid but the current state refuses it.
func Conflict(msg string) *Error {
	return &Error{Status: http.StatusConflict, Code: "conflict", Message: msg}
}
