// Command pluginctl deploys, enables and disables the plugin on the server named by
// MM_SERVICESETTINGS_SITEURL and MM_ADMIN_TOKEN, as the Mattermost plugin starter template does.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/mattermost/mattermost/server/public/model"
)

func main() {
	if len(os.Args) < 3 {
		fail("usage: pluginctl deploy <plugin id> <bundle.tar.gz> | enable <id> | disable <id>")
	}
	site, token := os.Getenv("MM_SERVICESETTINGS_SITEURL"), os.Getenv("MM_ADMIN_TOKEN")
	if site == "" || token == "" {
		fail("set MM_SERVICESETTINGS_SITEURL and MM_ADMIN_TOKEN to the server and an admin's access token")
	}
	client := model.NewAPIv4Client(site)
	client.SetToken(token)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	id := os.Args[2]
	var err error
	switch os.Args[1] {
	case "deploy":
		if len(os.Args) != 4 {
			fail("usage: pluginctl deploy <plugin id> <bundle.tar.gz>")
		}
		err = deploy(ctx, client, id, os.Args[3])
	case "enable":
		_, err = client.EnablePlugin(ctx, id)
	case "disable":
		_, err = client.DisablePlugin(ctx, id)
	default:
		fail("unknown command " + os.Args[1])
	}
	if err != nil {
		fail(err.Error())
	}
}

func deploy(ctx context.Context, client *model.Client4, id, bundle string) error {
	f, err := os.Open(bundle)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, _, err := client.UploadPluginForced(ctx, f); err != nil {
		return fmt.Errorf("uploading %s: %w", bundle, err)
	}
	if _, err := client.EnablePlugin(ctx, id); err != nil {
		return fmt.Errorf("enabling %s: %w", id, err)
	}
	fmt.Printf("deployed %s to %s\n", id, client.URL)
	return nil
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "pluginctl:", msg)
	os.Exit(1)
}
