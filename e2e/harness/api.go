package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

const apiTimeout = 30 * time.Second

// Client returns a REST client for the server authenticated with token
// (empty: anonymous).
func (s *Server) Client(token string) *model.Client4 {
	c := model.NewAPIv4Client(s.URL)
	if token != "" {
		c.SetToken(token)
	}
	return c
}

// CreateUser creates a user with the harness Password and logs it in.
func (s *Server) CreateUser(username string) (*model.User, string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	if _, _, err := s.Client(s.AdminToken).CreateUser(ctx, &model.User{
		Username: username,
		Email:    username + "@example.com",
		Password: Password,
	}); err != nil {
		return nil, "", fmt.Errorf("create user %s: %w", username, err)
	}
	c := s.Client("")
	u, _, err := c.Login(ctx, username, Password)
	if err != nil {
		return nil, "", fmt.Errorf("log in as %s: %w", username, err)
	}
	return u, c.AuthToken, nil
}

// CreateTeam creates an open team named name; the admin is its first member.
func (s *Server) CreateTeam(name string) (*model.Team, error) {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	t, _, err := s.Client(s.AdminToken).CreateTeam(ctx, &model.Team{
		Name:        name,
		DisplayName: name,
		Type:        model.TeamOpen,
	})
	if err != nil {
		return nil, fmt.Errorf("create team %s: %w", name, err)
	}
	return t, nil
}

// CreateChannel creates a public channel in the team; the admin is its first
// member.
func (s *Server) CreateChannel(teamID, name string) (*model.Channel, error) {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	ch, _, err := s.Client(s.AdminToken).CreateChannel(ctx, &model.Channel{
		TeamId:      teamID,
		Name:        name,
		DisplayName: name,
		Type:        model.ChannelTypeOpen,
	})
	if err != nil {
		return nil, fmt.Errorf("create channel %s: %w", name, err)
	}
	return ch, nil
}

// AddToTeam makes the user a member of the team.
func (s *Server) AddToTeam(teamID, userID string) error {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	if _, _, err := s.Client(s.AdminToken).AddTeamMember(ctx, teamID, userID); err != nil {
		return fmt.Errorf("add user %s to team %s: %w", userID, teamID, err)
	}
	return nil
}

// AddToChannel makes the user (already a team member) a member of the
// channel.
func (s *Server) AddToChannel(channelID, userID string) error {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()
	if _, _, err := s.Client(s.AdminToken).AddChannelMember(ctx, channelID, userID); err != nil {
		return fmt.Errorf("add user %s to channel %s: %w", userID, channelID, err)
	}
	return nil
}

// CreateMember creates a user with a session token who is a member of the team and of each
// channel given.
func (s *Server) CreateMember(username, teamID string, channelIDs ...string) (*model.User, string, error) {
	u, token, err := s.CreateUser(username)
	if err != nil {
		return nil, "", err
	}
	if err := s.AddToTeam(teamID, u.Id); err != nil {
		return nil, "", err
	}
	for _, ch := range channelIDs {
		if err := s.AddToChannel(ch, u.Id); err != nil {
			return nil, "", err
		}
	}
	return u, token, nil
}

// PluginDo sends a request to the plugin at /plugins/frontdesk<path>,
// authenticated with token when it is not empty. body may be nil, []byte,
// string or io.Reader (sent as is) or anything else (sent as JSON). It
// returns the status code and the whole response body.
func (s *Server) PluginDo(token, method, path string, body any) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), apiTimeout)
	defer cancel()

	var r io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	case string:
		r = strings.NewReader(b)
	case io.Reader:
		r = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			return 0, nil, fmt.Errorf("encode request body: %w", err)
		}
		r, contentType = bytes.NewReader(data), "application/json"
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	req, err := http.NewRequestWithContext(ctx, method, s.URL+"/plugins/"+PluginID+path, r)
	if err != nil {
		return 0, nil, fmt.Errorf("build request: %w", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, fmt.Errorf("read response of %s %s: %w", method, path, err)
	}
	return resp.StatusCode, data, nil
}
