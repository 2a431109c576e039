package telegram

// Wire types of the Bot API, limited to the fields the adapter reads.

type update struct {
	UpdateID        *int64           `json:"update_id"`
	Message         *message         `json:"message"`
	EditedMessage   *message         `json:"edited_message"`
	MessageReaction *messageReaction `json:"message_reaction"`
	MyChatMember    *chatMemberEdit  `json:"my_chat_member"`
}

// chatMemberEdit is ChatMemberUpdated: in a private chat Telegram sends it for the bot itself when
// the user blocks the bot (new status "kicked") or unblocks it ("member").
type chatMemberEdit struct {
	Chat          chat       `json:"chat"`
	From          *user      `json:"from"`
	Date          int64      `json:"date"`
	NewChatMember chatMember `json:"new_chat_member"`
}

type chatMember struct {
	Status string `json:"status"` // "creator", "administrator", "member", "restricted", "left", "kicked"
}

type user struct {
	ID        int64  `json:"id"`
	IsBot     bool   `json:"is_bot"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

type chat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	Username  string `json:"username"`
}

type message struct {
	MessageID      int64 `json:"message_id"`
	Date           int64 `json:"date"`
	EditDate       int64 `json:"edit_date"`
	From           *user `json:"from"`
	Chat           chat  `json:"chat"`
	ReplyToMessage *struct {
		MessageID int64 `json:"message_id"`
	} `json:"reply_to_message"`

	Text      string      `json:"text"`
	Caption   string      `json:"caption"`
	Photo     []photoSize `json:"photo"`
	Document  *fileRef    `json:"document"`
	Audio     *fileRef    `json:"audio"`
	Voice     *fileRef    `json:"voice"`
	Video     *fileRef    `json:"video"`
	VideoNote *fileRef    `json:"video_note"`
	Animation *fileRef    `json:"animation"`
	Sticker   *sticker    `json:"sticker"`
	Location  *location   `json:"location"`
	Venue     *venue      `json:"venue"`
	Contact   *contact    `json:"contact"`

	// Content we cannot show; rendered as a notice so the customer's message is not silently lost.
	Poll    *struct{} `json:"poll"`
	Dice    *struct{} `json:"dice"`
	Game    *struct{} `json:"game"`
	Story   *struct{} `json:"story"`
	Invoice *struct{} `json:"invoice"`
}

type photoSize struct {
	FileID   string `json:"file_id"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	FileSize int64  `json:"file_size"`
}

// fileRef covers document, audio, voice, video, video_note and animation.
type fileRef struct {
	FileID   string `json:"file_id"`
	FileName string `json:"file_name"`
	MIMEType string `json:"mime_type"`
	FileSize int64  `json:"file_size"`
}

type sticker struct {
	FileID     string     `json:"file_id"`
	Emoji      string     `json:"emoji"`
	IsAnimated bool       `json:"is_animated"`
	IsVideo    bool       `json:"is_video"`
	Thumbnail  *photoSize `json:"thumbnail"`
}

type location struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type venue struct {
	Location location `json:"location"`
	Title    string   `json:"title"`
	Address  string   `json:"address"`
}

type contact struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
}

type messageReaction struct {
	Chat        chat           `json:"chat"`
	MessageID   int64          `json:"message_id"`
	User        *user          `json:"user"`
	Date        int64          `json:"date"`
	OldReaction []reactionType `json:"old_reaction"`
	NewReaction []reactionType `json:"new_reaction"`
}

type reactionType struct {
	Type  string `json:"type"` // "emoji", "custom_emoji", "paid"
	Emoji string `json:"emoji"`
}

// sentMessage is the part of a Message result that sends and edits return.
type sentMessage struct {
	MessageID int64 `json:"message_id"`
	Date      int64 `json:"date"`
	Chat      chat  `json:"chat"`
}

type fileInfo struct {
	FileID   string `json:"file_id"`
	FileSize int64  `json:"file_size"`
	FilePath string `json:"file_path"`
}

type webhookInfo struct {
	URL                string `json:"url"`
	PendingUpdateCount int    `json:"pending_update_count"`
	LastErrorDate      int64  `json:"last_error_date"`
	LastErrorMessage   string `json:"last_error_message"`
}
