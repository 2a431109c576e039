package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// client calls Bot API methods for one token. The token is part of every URL, so transport errors
// are rewritten before they leave this file: they must never carry it into logs.
type client struct {
	base  string
	token string
	http  *http.Client
}

// apiResponse is the envelope of every Bot API answer.
type apiResponse struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
	Parameters  *struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

const maxAnswer = 1 << 20

func (c *client) methodURL(method string) string {
	return c.base + "/bot" + c.token + "/" + method
}

// call invokes a method with a JSON body and decodes "result" into out (nil to discard).
func (c *client) call(ctx context.Context, method string, params, out any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode request", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.methodURL(method), bytes.NewReader(body))
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: c.scrub(err)}
	}
	req.Header.Set("Content-Type", "application/json")
	return c.do(req, out)
}

// upload invokes a method as multipart/form-data with one file part.
func (c *client) upload(ctx context.Context, method string, fields map[string]string, fileField, fileName string, data []byte, out any) error {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode upload", Err: err}
		}
	}
	part, err := w.CreateFormFile(fileField, fileName)
	if err == nil {
		_, err = part.Write(data)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot encode upload", Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.methodURL(method), &buf)
	if err != nil {
		return &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: c.scrub(err)}
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req, out)
}

func (c *client) do(req *http.Request, out any) error {
	resp, err := c.http.Do(req)
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "Telegram unreachable", Err: c.scrub(err)}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return &channel.Error{Class: channel.ClassRetryable, Reason: "reading Telegram's answer", Err: c.scrub(err)}
	}
	var env apiResponse
	if jerr := json.Unmarshal(data, &env); jerr != nil || !env.OK || resp.StatusCode >= 300 {
		if jerr != nil {
			env = apiResponse{}
		}
		return classify(resp.StatusCode, resp.Header, env)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Result, out); err != nil {
		// The call went through: retrying could send twice.
		return &channel.Error{Class: channel.ClassPermanent, Reason: "unreadable Telegram answer", Err: err}
	}
	return nil
}

// download fetches a file by its getFile path, reading at most limit bytes.
func (c *client) download(ctx context.Context, filePath string, limit int64) ([]byte, string, error) {
	u := c.base + "/file/bot" + c.token + "/" + strings.TrimPrefix(filePath, "/")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassPermanent, Reason: "cannot build request", Err: c.scrub(err)}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Reason: "Telegram unreachable", Err: c.scrub(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
		var env apiResponse
		_ = json.Unmarshal(data, &env)
		if resp.StatusCode == http.StatusNotFound {
			// File links expire (valid for at least an hour): not a token problem.
			return nil, "", &channel.Error{Class: channel.ClassPermanent, Code: "404", Reason: "file is no longer available"}
		}
		return nil, "", classify(resp.StatusCode, resp.Header, env)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, "", &channel.Error{Class: channel.ClassRetryable, Reason: "reading file", Err: c.scrub(err)}
	}
	if int64(len(data)) > limit {
		return nil, "", tooBig(limit)
	}
	return data, resp.Header.Get("Content-Type"), nil
}

// scrub removes the token from an error's text: *url.Error prints the whole URL.
func (c *client) scrub(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return &url.Error{Op: ue.Op, URL: strings.ReplaceAll(ue.URL, c.token, "<token>"), Err: ue.Err}
	}
	if strings.Contains(err.Error(), c.token) {
		return errors.New(strings.ReplaceAll(err.Error(), c.token, "<token>"))
	}
	return err
}

func tooBig(limit int64) *channel.Error {
	return &channel.Error{Class: channel.ClassPermanent, Code: "too_large",
		Reason: fmt.Sprintf("file is larger than the %d MB limit", limit>>20)}
}
