package coretest

import (
	"errors"
	"fmt"
	"mime"
	"path/filepath"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/pluginapi"

	"github.com/frontdesk-chat/frontdesk/server/access"
	"github.com/frontdesk-chat/frontdesk/server/connection"
	"github.com/frontdesk-chat/frontdesk/server/conversation"
)

// Mattermost is a recording conversation.Mattermost: posts, reactions and files live in memory;
// websocket events and ephemerals are recorded; membership, admins and names are set by the test.
// It answers as the real server does where the core can tell the difference:
//
//   - GetPost of a deleted post fails with pluginapi.ErrNotFound, as for an unknown one: the plugin
//     API reads posts without deleted ones (GetSinglePost with includeDeleted=false).
//   - UpdatePost, DeletePost and reactions on a deleted or unknown post fail.
//   - Deleting a root deletes its replies too.
//   - A reply needs a live root in the same channel that is not itself a reply.
//   - CreatePost and UpdatePost write the saved post back into the caller's (pluginapi does).
//   - A message over model.PostMessageMaxRunesV2 characters is refused, as by the server's
//     post validation.
//
// FailNext makes the next calls of a method fail, to prove retries. It is safe for concurrent use.
type Mattermost struct {
	mu       sync.Mutex
	siteURL  string
	posts    map[string]*model.Post
	order    []string // post ids in creation order
	reacts   []Reaction
	files    map[string]*conversation.File
	events   []Event
	ephem    []Ephemeral
	members  map[[2]string]bool
	noPost   map[[2]string]bool // users SetMayPost took create_post from, per channel
	channels map[string]connection.Place
	users    map[string]string   // usernames
	groups   map[string][]string // group names per user
	settings access.Settings
	policy   *access.Policy
	dms      map[string]string // the bot's direct message channel per user
	admins   map[string]bool
	bots     map[string]bool
	names    map[string]string
	editHook func(newPost, oldPost *model.Post) (*model.Post, string)
	created  func(*model.Post)
	updating sync.Map
	calls    calls
	clock    int64 // last timestamp handed out, so that creation order is time order

	clustered bool // Clustered's answer
}

// Event is a recorded websocket event: to a channel's members or to one user.
type Event struct {
	Name      string
	Payload   map[string]any
	ChannelID string
	UserID    string
}

// Ephemeral is a recorded ephemeral post.
type Ephemeral struct {
	UserID, ChannelID, RootID, Message string
}

// Reaction is one of the bot's reactions on a post.
type Reaction struct {
	PostID, EmojiName string
}

// DefaultSiteURL is the SiteURL of a new fake.
const DefaultSiteURL = "https://mattermost.example.com"

// NewMattermost returns an empty server.
func NewMattermost() *Mattermost {
	m := &Mattermost{
		siteURL:  DefaultSiteURL,
		posts:    map[string]*model.Post{},
		files:    map[string]*conversation.File{},
		members:  map[[2]string]bool{},
		noPost:   map[[2]string]bool{},
		channels: map[string]connection.Place{},
		users:    map[string]string{},
		groups:   map[string][]string{},
		dms:      map[string]string{},
		admins:   map[string]bool{},
		bots:     map[string]bool{},
		names:    map[string]string{},
		calls:    newCalls(failing...),
	}
	m.policy = access.New(m, m.accessSettings)
	return m
}

// failing lists the methods FailNext can make fail: those that return an error.
var failing = []string{"CreatePost", "UpdatePost", "GetPost", "DeletePost", "AddReaction", "RemoveReaction",
	"UploadFile", "GetFile", "PostsSince", "PostWithProp"}

// FailNext makes the next n calls of method (e.g. "CreatePost") return err, after which calls work
// again. Failed calls change nothing. It panics on a method that cannot fail, to catch typos.
func (m *Mattermost) FailNext(method string, n int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls.failNext(method, n, err)
}

// Calls counts the calls of a method so far, failed ones included.
func (m *Mattermost) Calls(method string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls.counts[method]
}

// call counts a call and returns the failure queued for it, if any; m.mu must be held.
func (m *Mattermost) call(method string) error { return m.calls.call(method) }

func (m *Mattermost) tick() int64 {
	m.clock = max(m.clock+1, model.GetMillis())
	return m.clock
}

// live returns a post that exists and is not deleted; m.mu must be held.
func (m *Mattermost) live(op, id string) (*model.Post, error) {
	p, ok := m.posts[id]
	if !ok || p.DeleteAt != 0 {
		return nil, fmt.Errorf("%s %s: %w", op, id, pluginapi.ErrNotFound)
	}
	return p, nil
}

// CreatePost creates a post as the plugin API does: marked from_plugin.
func (m *Mattermost) CreatePost(post *model.Post) (*model.Post, error) {
	created, err := m.create(post, true)
	m.mu.Lock()
	after := m.created
	m.mu.Unlock()
	if err == nil && after != nil {
		after(created)
	}
	return created, err
}

// AfterCreate runs fn after each post the plugin creates (nil: nothing), as something else happening
// meanwhile: the relay closing, say.
func (m *Mattermost) AfterCreate(fn func(*model.Post)) {
	m.mu.Lock()
	m.created = fn
	m.mu.Unlock()
}

// UserPost creates a post as a person's client (or a webhook, with its props) does through
// Mattermost's own API: not marked from_plugin. It counts as a CreatePost call.
func (m *Mattermost) UserPost(post *model.Post) (*model.Post, error) {
	return m.create(post, false)
}

func (m *Mattermost) create(post *model.Post, fromPlugin bool) (*model.Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("CreatePost"); err != nil {
		return nil, err
	}
	switch {
	case post.Id != "":
		return nil, errors.New("creating a post: a new post cannot have an id")
	case post.ChannelId == "" || post.UserId == "":
		return nil, errors.New("creating a post: channel and user are required")
	case utf8.RuneCountInString(post.Message) > model.PostMessageMaxRunesV2:
		return nil, errors.New("creating a post: the message is too long")
	}
	if post.RootId != "" {
		root, err := m.live("creating a reply to", post.RootId)
		if err != nil {
			return nil, err
		}
		if root.RootId != "" || root.ChannelId != post.ChannelId {
			return nil, errors.New("creating a post: its root is a reply or in another channel")
		}
	}
	saved := post.Clone()
	saved.Id = model.NewId()
	saved.CreateAt = m.tick()
	saved.UpdateAt = saved.CreateAt
	if fromPlugin {
		saved.AddProp(model.PostPropsFromPlugin, "true")
	}
	m.posts[saved.Id] = saved
	m.order = append(m.order, saved.Id)
	if err := saved.Clone().ShallowCopy(post); err != nil {
		return nil, err
	}
	return post, nil
}

// UpdatePost saves the message (stamping EditAt when it changed), props, file ids, pin and
// reaction flags of a live post, as the plugin API does; channel, root and author stay.
// Updating reports whether an UpdatePost of the post is under way (Mattermost runs the plugin's edit
// hook inside it).
func (m *Mattermost) Updating(postID string) bool {
	_, ok := m.updating.Load(postID)
	return ok
}

// SetEditHook runs hook inside every UpdatePost, before the update is stored, as Mattermost runs a
// plugin's MessageWillBeUpdated: it may change the new post or refuse the update.
func (m *Mattermost) SetEditHook(hook func(newPost, oldPost *model.Post) (*model.Post, string)) {
	m.mu.Lock()
	m.editHook = hook
	m.mu.Unlock()
}

func (m *Mattermost) UpdatePost(post *model.Post) error {
	m.updating.Store(post.Id, true)
	defer m.updating.Delete(post.Id)
	m.mu.Lock()
	hook := m.editHook
	old, found := m.posts[post.Id]
	m.mu.Unlock()
	in := post
	if hook != nil && found {
		changed, reason := hook(post.Clone(), old.Clone())
		if reason != "" {
			return errors.New("updating a post: refused by a plugin: " + reason)
		}
		post = changed
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("UpdatePost"); err != nil {
		return err
	}
	old, err := m.live("updating post", post.Id)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(post.Message) > model.PostMessageMaxRunesV2 {
		return errors.New("updating a post: the message is too long")
	}
	upd := old.Clone()
	now := m.tick()
	if upd.Message != post.Message {
		upd.Message, upd.EditAt = post.Message, now
	}
	upd.IsPinned, upd.HasReactions = post.IsPinned, post.HasReactions
	upd.SetProps(post.Clone().GetProps())
	upd.FileIds = slices.Clone(post.FileIds)
	upd.UpdateAt = now
	m.posts[post.Id] = upd
	return upd.Clone().ShallowCopy(in)
}

func (m *Mattermost) GetPost(id string) (*model.Post, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("GetPost"); err != nil {
		return nil, err
	}
	p, err := m.live("getting post", id)
	if err != nil {
		return nil, err
	}
	return p.Clone(), nil
}

// PostWithProp finds the live reply in a thread whose prop key has the value ("" when none).
func (m *Mattermost) PostWithProp(rootID, key, value string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("PostWithProp"); err != nil {
		return "", err
	}
	for _, p := range m.posts {
		if p.RootId == rootID && p.DeleteAt == 0 && p.GetProp(key) == value {
			return p.Id, nil
		}
	}
	return "", nil
}

// DeletePost marks a live post deleted, and its replies with it when it is a root.
func (m *Mattermost) DeletePost(id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("DeletePost"); err != nil {
		return err
	}
	p, err := m.live("deleting post", id)
	if err != nil {
		return err
	}
	now := m.tick()
	for _, other := range m.posts {
		if other == p || other.RootId == id && other.DeleteAt == 0 {
			other.DeleteAt, other.UpdateAt = now, now
		}
	}
	return nil
}

func (m *Mattermost) AddReaction(postID, emojiName string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("AddReaction"); err != nil {
		return err
	}
	p, err := m.live("reacting to", postID)
	if err != nil {
		return err
	}
	r := Reaction{PostID: postID, EmojiName: emojiName}
	if !slices.Contains(m.reacts, r) { // one reaction per user, post and emoji
		m.reacts = append(m.reacts, r)
	}
	p.HasReactions = true
	return nil
}

// RemoveReaction removes the bot's reaction; removing one that is not there is not an error.
func (m *Mattermost) RemoveReaction(postID, emojiName string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("RemoveReaction"); err != nil {
		return err
	}
	p, err := m.live("removing a reaction from", postID)
	if err != nil {
		return err
	}
	m.reacts = slices.DeleteFunc(m.reacts, func(r Reaction) bool { return r == Reaction{PostID: postID, EmojiName: emojiName} })
	p.HasReactions = slices.ContainsFunc(m.reacts, func(r Reaction) bool { return r.PostID == postID })
	return nil
}

// UploadFile keeps the file; its MIME type comes from the name's extension, as the server guesses it.
func (m *Mattermost) UploadFile(data []byte, channelID, name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("UploadFile"); err != nil {
		return "", err
	}
	if channelID == "" {
		return "", errors.New("uploading a file: no channel")
	}
	id := model.NewId()
	m.files[id] = &conversation.File{Name: name, MIMEType: mime.TypeByExtension(filepath.Ext(name)), Data: slices.Clone(data)}
	return id, nil
}

func (m *Mattermost) GetFile(fileID string) (*conversation.File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.call("GetFile"); err != nil {
		return nil, err
	}
	f, ok := m.files[fileID]
	if !ok {
		return nil, fmt.Errorf("getting file %s: %w", fileID, pluginapi.ErrNotFound)
	}
	return &conversation.File{Name: f.Name, MIMEType: f.MIMEType, Data: slices.Clone(f.Data)}, nil
}

// AddFile stores a file as if a user had uploaded it with their post, and returns its id.
func (m *Mattermost) AddFile(name, mimeType string, data []byte) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	id := model.NewId()
	m.files[id] = &conversation.File{Name: name, MIMEType: mimeType, Data: slices.Clone(data)}
	return id
}

func (m *Mattermost) PublishToChannel(event string, payload map[string]any, channelID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls.counts["PublishToChannel"]++
	m.events = append(m.events, Event{Name: event, Payload: clonePayload(payload), ChannelID: channelID})
}

func (m *Mattermost) PublishToUser(event string, payload map[string]any, userID string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls.counts["PublishToUser"]++
	m.events = append(m.events, Event{Name: event, Payload: clonePayload(payload), UserID: userID})
}

func clonePayload(p map[string]any) map[string]any {
	if p == nil {
		return nil
	}
	out := make(map[string]any, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}

func (m *Mattermost) SendEphemeral(userID, channelID, rootID, message string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls.counts["SendEphemeral"]++
	m.ephem = append(m.ephem, Ephemeral{UserID: userID, ChannelID: channelID, RootID: rootID, Message: message})
}

// MayUseChats asks the real access policy over the settings SetAccess gave (default: members).
func (m *Mattermost) MayUseChats(channelID, userID string) bool {
	return m.policy.MayUseChannel(channelID, userID)
}

// ChatAccess asks the real access policy why a user may not use a channel's chats.
func (m *Mattermost) ChatAccess(channelID, userID string) error {
	return m.policy.CheckChannel(channelID, userID)
}

// ChatsAllowed asks the real access policy whether a user may use chats at all.
func (m *Mattermost) ChatsAllowed(userID string) bool {
	return m.policy.MayUseChats(userID)
}

// ChatsInTeam: ErrNotFound unless a member of one of the team's channels; then the access policy.
func (m *Mattermost) ChatsInTeam(teamID, userID string) error {
	m.mu.Lock()
	inTeam := false
	for k := range m.members {
		if k[1] == userID && m.channels[k[0]].TeamID == teamID {
			inTeam = true
		}
	}
	m.mu.Unlock()
	switch {
	case !inTeam:
		return conversation.ErrNotFound
	case !m.policy.MayUseChats(userID):
		return conversation.ErrMayNotUseChats
	}
	return nil
}

func (m *Mattermost) accessSettings() access.Settings {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.settings
}

// SetAccess changes who may use chats, as an admin does in the System Console.
func (m *Mattermost) SetAccess(s access.Settings) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.settings = s
}

// SystemAdmins lists the users SetAdmin made admins, sorted.
func (m *Mattermost) SystemAdmins() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for id := range m.admins {
		out = append(out, id)
	}
	slices.Sort(out)
	return out, nil
}

// DirectChannel is the bot's direct message channel with a user, one per user.
func (m *Mattermost) DirectChannel(userID string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.dms[userID]; ok {
		return id, nil
	}
	id := model.NewId()
	m.dms[userID] = id
	m.channels[id] = connection.Place{Type: model.ChannelTypeDirect}
	return id, nil
}

// Username is the name SetUsername gave, else "".
func (m *Mattermost) Username(userID string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.users[userID]
}

// SetUsername names a user.
func (m *Mattermost) SetUsername(userID, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.users[userID] = name
}

// GroupNames are the groups SetGroups gave the user.
func (m *Mattermost) GroupNames(userID string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.groups[userID])
}

// SetGroups sets the Mattermost groups a user belongs to.
func (m *Mattermost) SetGroups(userID string, names ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.groups[userID] = names
}

func (m *Mattermost) IsChannelMember(channelID, userID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return channelID != "" && userID != "" && m.members[[2]string{channelID, userID}]
}

// MayPost is Mattermost's create_post permission in a channel: granted unless SetMayPost took it
// away (channel moderation, a role without it).
func (m *Mattermost) MayPost(channelID, userID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return channelID != "" && userID != "" && !m.noPost[[2]string{channelID, userID}]
}

// SetMayPost grants (may=true) or takes away a user's create_post permission in a channel.
func (m *Mattermost) SetMayPost(channelID, userID string, may bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if may {
		delete(m.noPost, [2]string{channelID, userID})
	} else {
		m.noPost[[2]string{channelID, userID}] = true
	}
}

// IsBot says whether SetBot made the user a bot account.
func (m *Mattermost) IsBot(userID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bots[userID]
}

func (m *Mattermost) IsSystemAdmin(userID string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return userID != "" && m.admins[userID]
}

// DisplayName is the name SetDisplayName gave, else "someone", as for a user the server cannot find.
func (m *Mattermost) DisplayName(userID string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n, ok := m.names[userID]; ok && userID != "" {
		return n
	}
	return "someone"
}

func (m *Mattermost) SiteURL() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.siteURL
}

// Configuration.

// Channel is the channel SetChannel described; a channel that has members and was never described
// is a private team channel.
func (m *Mattermost) Channel(channelID string) (connection.Place, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.channels[channelID]; ok {
		return p, nil
	}
	return connection.Place{}, connection.ErrNoChannel
}

// SetChannel describes a channel (its type, whether it is archived, its team).
func (m *Mattermost) SetChannel(channelID string, p connection.Place) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.channels[channelID] = p
}

// SetMember adds a user to a channel's members (member=true) or removes them. A channel never
// described becomes a private team channel.
func (m *Mattermost) SetMember(channelID, userID string, member bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.channels[channelID]; !ok {
		m.channels[channelID] = connection.Place{ChannelName: "chats", Type: model.ChannelTypePrivate, TeamID: "team", TeamName: "Team"}
	}
	if member {
		m.members[[2]string{channelID, userID}] = true
	} else {
		delete(m.members, [2]string{channelID, userID})
	}
}

// SetAdmin makes a user a system admin (admin=true) or not.
func (m *Mattermost) SetAdmin(userID string, admin bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if admin {
		m.admins[userID] = true
	} else {
		delete(m.admins, userID)
	}
}

// SetBot makes a user a bot account (bot=true) or a person.
func (m *Mattermost) SetBot(userID string, bot bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if bot {
		m.bots[userID] = true
	} else {
		delete(m.bots, userID)
	}
}

// SetDisplayName names a user as DisplayName will.
func (m *Mattermost) SetDisplayName(userID, name string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.names[userID] = name
}

// Clustered reports what SetClustered set: whether the server runs in a cluster.
func (m *Mattermost) Clustered() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.clustered
}

// SetClustered makes the server one of a cluster, whose other servers' post hooks the plugin does
// not see.
func (m *Mattermost) SetClustered(on bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clustered = on
}

// SetSiteURL changes what SiteURL answers ("" as when the admin set none).
func (m *Mattermost) SetSiteURL(url string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.siteURL = url
}

// Accessors for assertions. Each returns copies.

// Post returns a post by id, deleted ones included (DeleteAt set), unlike GetPost.
func (m *Mattermost) Post(id string) (*model.Post, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.posts[id]
	if !ok {
		return nil, false
	}
	return p.Clone(), true
}

// PostsSince lists a channel's posts changed after since, deleted ones included, as the plugin
// API's GetPostsSince does.
func (m *Mattermost) PostsSince(channelID string, since int64) ([]*model.Post, error) {
	m.mu.Lock()
	err := m.call("PostsSince")
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return m.postsWhere(func(p *model.Post) bool { return p.ChannelId == channelID && p.UpdateAt > since }), nil
}

// Backdate moves a post's creation (and last change) to at, as a post made while Frontdesk was not
// running long ago.
func (m *Mattermost) Backdate(postID string, at int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if p, ok := m.posts[postID]; ok {
		p.CreateAt, p.UpdateAt = at, at
	}
}

// Posts lists a channel's posts, roots and replies, deleted ones included, in creation order.
func (m *Mattermost) Posts(channelID string) []*model.Post {
	return m.postsWhere(func(p *model.Post) bool { return p.ChannelId == channelID })
}

// Thread lists a root and its replies, deleted ones included, in creation order.
func (m *Mattermost) Thread(rootID string) []*model.Post {
	return m.postsWhere(func(p *model.Post) bool { return p.Id == rootID || p.RootId == rootID })
}

// LivePosts lists a channel's posts that are not deleted, in creation order.
func (m *Mattermost) LivePosts(channelID string) []*model.Post {
	return m.postsWhere(func(p *model.Post) bool { return p.ChannelId == channelID && p.DeleteAt == 0 })
}

func (m *Mattermost) postsWhere(keep func(*model.Post) bool) []*model.Post {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*model.Post
	for _, id := range m.order {
		if p := m.posts[id]; keep(p) {
			out = append(out, p.Clone())
		}
	}
	return out
}

// Reactions lists the emoji names of the bot's reactions on a post, in the order they were added.
func (m *Mattermost) Reactions(postID string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, r := range m.reacts {
		if r.PostID == postID {
			out = append(out, r.EmojiName)
		}
	}
	return out
}

// File returns an uploaded file.
func (m *Mattermost) File(id string) (*conversation.File, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.files[id]
	if !ok {
		return nil, false
	}
	return &conversation.File{Name: f.Name, MIMEType: f.MIMEType, Data: slices.Clone(f.Data)}, true
}

// Events lists the websocket events published so far, in order.
func (m *Mattermost) Events() []Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Event, len(m.events))
	for i, e := range m.events {
		e.Payload = clonePayload(e.Payload)
		out[i] = e
	}
	return out
}

// EventsNamed lists the websocket events of one name, in order.
func (m *Mattermost) EventsNamed(name string) []Event {
	return slices.DeleteFunc(m.Events(), func(e Event) bool { return e.Name != name })
}

// Ephemerals lists the ephemeral posts sent to a user, in order.
func (m *Mattermost) Ephemerals(userID string) []Ephemeral {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Ephemeral
	for _, e := range m.ephem {
		if e.UserID == userID {
			out = append(out, e)
		}
	}
	return out
}
