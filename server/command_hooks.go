package main

import (
	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"

	"github.com/frontdesk-chat/frontdesk/server/command"
)

// ExecuteCommand runs /frontdesk. Answers are ephemeral: only the caller sees them.
func (p *Plugin) ExecuteCommand(_ *plugin.Context, args *model.CommandArgs) (*model.CommandResponse, *model.AppError) {
	cmd, err := p.commands.Parse(args.Command)
	if err != nil {
		return ephemeral(err.Error()), nil
	}
	switch cmd.Name {
	case command.Help:
		return ephemeral(p.commands.HelpText(p.client.User.HasPermissionTo(args.UserId, model.PermissionManageSystem))), nil
	default:
		return ephemeral("This command is not available yet."), nil
	}
}

func ephemeral(text string) *model.CommandResponse {
	return &model.CommandResponse{ResponseType: model.CommandResponseTypeEphemeral, Text: text}
}
