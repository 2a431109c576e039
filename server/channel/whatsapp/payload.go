package whatsapp

import "encoding/json"

// Wire shapes of a WhatsApp Cloud API webhook delivery (docs/providers/reference.md §5.2). Only the fields Frontdesk
// reads are declared; everything else is ignored by encoding/json.

type notification struct {
	Object string  `json:"object"`
	Entry  []entry `json:"entry"`
}

type entry struct {
	ID      string   `json:"id"` // WABA id
	Changes []change `json:"changes"`
}

type change struct {
	Field string `json:"field"`
	Value value  `json:"value"`
}

type value struct {
	MessagingProduct string         `json:"messaging_product"`
	Metadata         metadata       `json:"metadata"`
	Contacts         []contact      `json:"contacts"`
	Messages         []message      `json:"messages"`
	MessageEchoes    []message      `json:"message_echoes"`
	Statuses         []status       `json:"statuses"`
	Errors           []errorDetails `json:"errors"`
}

type metadata struct {
	DisplayPhoneNumber string `json:"display_phone_number"`
	PhoneNumberID      string `json:"phone_number_id"`
}

type contact struct {
	Profile struct {
		Name     string `json:"name"`
		Username string `json:"username"`
	} `json:"profile"`
	WaID     string `json:"wa_id"`
	UserID   string `json:"user_id"` // business-scoped user id (BSUID), 2026
	Username string `json:"username"`
}

type message struct {
	From       string `json:"from"`
	FromUserID string `json:"from_user_id"`
	To         string `json:"to"`         // echoes: the customer
	ToUserID   string `json:"to_user_id"` // echoes: ⚠ unverified name, read when present
	ID         string `json:"id"`
	Timestamp  epoch  `json:"timestamp"`
	Type       string `json:"type"`
	Context    *struct {
		From string `json:"from"`
		ID   string `json:"id"`
	} `json:"context"`

	Text *struct {
		Body string `json:"body"`
	} `json:"text"`
	Image       *mediaObject    `json:"image"`
	Audio       *mediaObject    `json:"audio"`
	Video       *mediaObject    `json:"video"`
	Document    *mediaObject    `json:"document"`
	Sticker     *mediaObject    `json:"sticker"`
	Location    *location       `json:"location"`
	Contacts    []sharedContact `json:"contacts"`
	Reaction    *reaction       `json:"reaction"`
	Interactive *interactive    `json:"interactive"`
	Button      *struct {
		Text    string `json:"text"`
		Payload string `json:"payload"`
	} `json:"button"`
	Order  *order  `json:"order"`
	System *system `json:"system"`

	Errors []errorDetails `json:"errors"`
}

type mediaObject struct {
	ID       string `json:"id"`
	MIMEType string `json:"mime_type"`
	SHA256   string `json:"sha256"`
	Caption  string `json:"caption"`
	Filename string `json:"filename"`
	Voice    bool   `json:"voice"`
	Animated bool   `json:"animated"`
}

type location struct {
	Latitude  json.Number `json:"latitude"`
	Longitude json.Number `json:"longitude"`
	Name      string      `json:"name"`
	Address   string      `json:"address"`
	URL       string      `json:"url"`
}

type sharedContact struct {
	Name struct {
		FormattedName string `json:"formatted_name"`
		FirstName     string `json:"first_name"`
		LastName      string `json:"last_name"`
	} `json:"name"`
	Phones []struct {
		Phone string `json:"phone"`
		WaID  string `json:"wa_id"`
		Type  string `json:"type"`
	} `json:"phones"`
	Emails []struct {
		Email string `json:"email"`
		Type  string `json:"type"`
	} `json:"emails"`
	Org struct {
		Company string `json:"company"`
	} `json:"org"`
}

type reaction struct {
	MessageID string `json:"message_id"`
	Emoji     string `json:"emoji"`
}

type interactive struct {
	Type        string `json:"type"`
	ButtonReply *struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"button_reply"`
	ListReply *struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"list_reply"`
}

type order struct {
	CatalogID    string `json:"catalog_id"`
	Text         string `json:"text"`
	ProductItems []struct {
		ProductRetailerID string      `json:"product_retailer_id"`
		Quantity          json.Number `json:"quantity"`
		ItemPrice         json.Number `json:"item_price"`
		Currency          string      `json:"currency"`
	} `json:"product_items"`
}

type system struct {
	Body    string `json:"body"`
	Type    string `json:"type"`
	NewWaID string `json:"new_wa_id"` // ⚠ older payloads: "wa_id"
	WaID    string `json:"wa_id"`
}

type status struct {
	ID              string         `json:"id"`
	Status          string         `json:"status"`
	Timestamp       epoch          `json:"timestamp"`
	RecipientID     string         `json:"recipient_id"`
	RecipientUserID string         `json:"recipient_user_id"` // ⚠ unverified field name (docs/providers/reference.md §5.1)
	BizOpaque       string         `json:"biz_opaque_callback_data"`
	Errors          []errorDetails `json:"errors"`
}

type errorDetails struct {
	Code      int    `json:"code"`
	Title     string `json:"title"`
	Message   string `json:"message"`
	ErrorData struct {
		Details string `json:"details"`
	} `json:"error_data"`
}

// epoch is a timestamp of epoch seconds. Meta sends it as a string; a number is accepted too so a
// format drift does not fail the whole delivery.
type epoch string

func (e *epoch) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*e = epoch(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*e = epoch(n.String())
	return nil
}
