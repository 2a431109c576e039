package coretest_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/pluginapi"

	"github.com/frontdesk-chat/frontdesk/server/coretest"
)

var (
	bot  = model.NewId()
	chA  = model.NewId()
	chB  = model.NewId()
	user = model.NewId()
)

func post(t *testing.T, mm *coretest.Mattermost, channelID, rootID, msg string) *model.Post {
	t.Helper()
	p := &model.Post{UserId: bot, ChannelId: channelID, RootId: rootID, Message: msg}
	got, err := mm.CreatePost(p)
	if err != nil {
		t.Fatal(err)
	}
	if got != p || p.Id == "" || p.CreateAt == 0 {
		t.Fatalf("the caller's post was not filled in: %+v", p)
	}
	return p
}

func TestPostsAndThreadsBehaveAsOnTheServer(t *testing.T) {
	mm := coretest.NewMattermost()
	root := post(t, mm, chA, "", "root")
	reply := post(t, mm, chA, root.Id, "reply")
	other := post(t, mm, chB, "", "elsewhere")
	for name, bad := range map[string]*model.Post{
		"reply to a reply":         {UserId: bot, ChannelId: chA, RootId: reply.Id},
		"reply in another channel": {UserId: bot, ChannelId: chB, RootId: root.Id},
		"reply to an unknown root": {UserId: bot, ChannelId: chA, RootId: model.NewId()},
		"a post that has an id":    {Id: model.NewId(), UserId: bot, ChannelId: chA},
		"a post without a channel": {UserId: bot},
		"a post without an author": {ChannelId: chA},
	} {
		if _, err := mm.CreatePost(bad); err == nil {
			t.Errorf("%s was created", name)
		}
	}
	if got := mm.Thread(root.Id); len(got) != 2 || got[0].Id != root.Id || got[1].Id != reply.Id {
		t.Fatalf("thread = %v", got)
	}
	if got := mm.Posts(chB); len(got) != 1 || got[0].Id != other.Id {
		t.Fatalf("posts of B = %v", got)
	}

	edit := &model.Post{Id: reply.Id, Message: "edited", ChannelId: chB, RootId: ""}
	edit.AddProp("k", "v")
	if err := mm.UpdatePost(edit); err != nil {
		t.Fatal(err)
	}
	got, err := mm.GetPost(reply.Id)
	if err != nil || got.Message != "edited" || got.EditAt == 0 || got.ChannelId != chA || got.RootId != root.Id || got.GetProp("k") != "v" {
		t.Fatalf("after update = %+v, %v; want the new text and props, the same place", got, err)
	}
	if edit.ChannelId != chA || edit.EditAt == 0 {
		t.Fatalf("the caller's post was not refreshed: %+v", edit)
	}
	got.Message = "mutated by the caller"
	if again, _ := mm.GetPost(reply.Id); again.Message != "edited" {
		t.Fatal("GetPost shares the stored post")
	}

	if err := mm.DeletePost(root.Id); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{root.Id, reply.Id} {
		if _, err := mm.GetPost(id); !errors.Is(err, pluginapi.ErrNotFound) {
			t.Fatalf("GetPost of a deleted post: %v, want pluginapi.ErrNotFound", err)
		}
		if p, ok := mm.Post(id); !ok || p.DeleteAt == 0 {
			t.Fatalf("Post(%s) = %+v, %v; want it with DeleteAt", id, p, ok)
		}
	}
	if err := mm.UpdatePost(&model.Post{Id: root.Id, Message: "x"}); err == nil {
		t.Fatal("a deleted post was updated")
	}
	if err := mm.DeletePost(root.Id); err == nil {
		t.Fatal("a post was deleted twice")
	}
	if _, err := mm.CreatePost(&model.Post{UserId: bot, ChannelId: chA, RootId: root.Id}); err == nil {
		t.Fatal("a reply to a deleted root was created")
	}
	if live := mm.LivePosts(chA); len(live) != 0 {
		t.Fatalf("live posts after deleting the thread = %v", live)
	}
}

func TestFailuresAreQueuedPerMethod(t *testing.T) {
	mm := coretest.NewMattermost()
	boom := errors.New("boom")
	mm.FailNext("CreatePost", 2, boom)
	for i := range 2 {
		if _, err := mm.CreatePost(&model.Post{UserId: bot, ChannelId: chA}); !errors.Is(err, boom) {
			t.Fatalf("call %d: %v, want the queued failure", i, err)
		}
	}
	if len(mm.Posts(chA)) != 0 {
		t.Fatal("a failed call created a post")
	}
	root := post(t, mm, chA, "", "third time")
	if mm.Calls("CreatePost") != 3 {
		t.Fatalf("calls = %d", mm.Calls("CreatePost"))
	}
	mm.FailNext("GetPost", 1, boom)
	if _, err := mm.GetPost(root.Id); !errors.Is(err, boom) {
		t.Fatalf("GetPost = %v", err)
	}
	if _, err := mm.GetPost(root.Id); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("FailNext of a method that cannot fail did not panic")
		}
	}()
	mm.FailNext("SendEphemeral", 1, boom)
}

func TestReactionsFilesAndRecords(t *testing.T) {
	mm := coretest.NewMattermost()
	p := post(t, mm, chA, "", "hi")
	for _, e := range []string{"heart", "+1", "heart"} {
		if err := mm.AddReaction(p.Id, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := mm.RemoveReaction(p.Id, "+1"); err != nil {
		t.Fatal(err)
	}
	if err := mm.RemoveReaction(p.Id, "absent"); err != nil {
		t.Fatal(err)
	}
	if got := mm.Reactions(p.Id); !slices.Equal(got, []string{"heart"}) {
		t.Fatalf("reactions = %v", got)
	}
	if err := mm.AddReaction(model.NewId(), "heart"); err == nil {
		t.Fatal("a reaction on an unknown post")
	}

	id, err := mm.UploadFile([]byte("png"), chA, "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	f, err := mm.GetFile(id)
	if err != nil || f.Name != "photo.png" || f.MIMEType != "image/png" || string(f.Data) != "png" {
		t.Fatalf("file = %+v, %v", f, err)
	}
	if _, err := mm.GetFile(model.NewId()); !errors.Is(err, pluginapi.ErrNotFound) {
		t.Fatalf("unknown file: %v", err)
	}
	if got, _ := mm.GetFile(mm.AddFile("a.pdf", "application/pdf", []byte("%PDF"))); got.MIMEType != "application/pdf" {
		t.Fatalf("added file = %+v", got)
	}

	mm.PublishToChannel("changed", map[string]any{"id": 1}, chA)
	mm.PublishToUser("read", nil, user)
	mm.SendEphemeral(user, chA, p.Id, "not sent")
	mm.SendEphemeral(bot, chA, "", "other")
	if ev := mm.Events(); len(ev) != 2 || ev[0].ChannelID != chA || ev[0].Payload["id"] != 1 || ev[1].UserID != user {
		t.Fatalf("events = %+v", ev)
	}
	if ev := mm.EventsNamed("read"); len(ev) != 1 {
		t.Fatalf("read events = %+v", ev)
	}
	if e := mm.Ephemerals(user); len(e) != 1 || e[0].Message != "not sent" || e[0].RootID != p.Id {
		t.Fatalf("ephemerals = %+v", e)
	}

	if mm.IsChannelMember(chA, user) || mm.IsSystemAdmin(user) || mm.DisplayName(user) != "someone" {
		t.Fatal("a new fake knows the user")
	}
	mm.SetMember(chA, user, true)
	mm.SetAdmin(user, true)
	mm.SetDisplayName(user, "Ola")
	if !mm.IsChannelMember(chA, user) || mm.IsChannelMember(chB, user) || !mm.IsSystemAdmin(user) || mm.DisplayName(user) != "Ola" {
		t.Fatal("configuration not applied")
	}
	if mm.IsChannelMember("", user) || mm.IsSystemAdmin("") || mm.DisplayName("") != "someone" {
		t.Fatal("an empty id is someone")
	}
	mm.SetMember(chA, user, false)
	if mm.IsChannelMember(chA, user) {
		t.Fatal("still a member")
	}
	if mm.SiteURL() != coretest.DefaultSiteURL {
		t.Fatalf("site url = %q", mm.SiteURL())
	}
}
