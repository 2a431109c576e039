package whatsapp

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/frontdesk-chat/frontdesk/server/channel"
)

// maxTemplatePages bounds the listing: a WABA rarely has more than a few hundred approved templates.
const maxTemplatePages = 20

type templateList struct {
	Data []struct {
		Name       string `json:"name"`
		Language   string `json:"language"`
		Category   string `json:"category"`
		Status     string `json:"status"`
		Components []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"components"`
	} `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

type templateBody struct {
	Name       string              `json:"name"`
	Language   templateLanguage    `json:"language"`
	Components []templateComponent `json:"components,omitempty"`
}

type templateLanguage struct {
	Code string `json:"code"`
}

type templateComponent struct {
	Type       string              `json:"type"`
	Parameters []templateParameter `json:"parameters"`
}

type templateParameter struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// placeholder matches {{1}} (positional) and {{name}} (named) body parameters.
var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

// Templates lists the WABA's approved templates (GET /<waba_id>/message_templates), following the
// cursor pages.
func (a *Adapter) Templates(ctx context.Context) ([]channel.Template, error) {
	var out []channel.Template
	after := ""
	for page := 0; page < maxTemplatePages; page++ {
		q := url.Values{
			"fields": {"name,language,category,status,components"},
			"status": {"APPROVED"},
			"limit":  {"100"},
		}
		if after != "" {
			q.Set("after", after)
		}
		var list templateList
		if err := a.graph.Do(ctx, http.MethodGet, "/"+a.wabaID+"/message_templates", q, nil, &list); err != nil {
			return nil, err
		}
		for _, t := range list.Data {
			if !strings.EqualFold(t.Status, "APPROVED") {
				continue // the filter is a query hint; never offer what cannot be sent
			}
			tpl := channel.Template{Name: t.Name, Language: t.Language, Category: t.Category, Status: t.Status}
			for _, c := range t.Components {
				if strings.EqualFold(c.Type, "BODY") {
					tpl.Body = c.Text
					tpl.Parameters = countParameters(c.Text)
				}
			}
			out = append(out, tpl)
		}
		if list.Paging.Next == "" || list.Paging.Cursors.After == "" {
			break
		}
		after = list.Paging.Cursors.After
	}
	return out, nil
}

func countParameters(body string) int {
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(body, -1) {
		seen[m[1]] = true
	}
	return len(seen)
}

// SendTemplate sends an approved template with positional body parameters; it is the only way to
// write outside the 24-hour window.
func (a *Adapter) SendTemplate(ctx context.Context, to channel.CustomerID, name, language string, params []string) (channel.SendResult, error) {
	if name == "" || language == "" {
		return channel.SendResult{}, &channel.Error{Class: channel.ClassPermanent, Reason: "template name and language are required"}
	}
	req := a.newSend(to, "")
	req.Type = "template"
	req.Template = &templateBody{Name: name, Language: templateLanguage{Code: language}}
	if len(params) > 0 {
		body := templateComponent{Type: "body"}
		for _, p := range params {
			body.Parameters = append(body.Parameters, templateParameter{Type: "text", Text: p})
		}
		req.Template.Components = []templateComponent{body}
	}
	return a.post(ctx, req)
}
