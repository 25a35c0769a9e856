package main

import (
	"time"

	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/graphlake/graphlake/sdk/graphtest"
	"github.com/spf13/cobra"
)

// simInfo is the one JSON line `etl sim` prints when it is ready.
type simInfo struct {
	Graph        string `json:"graph"`
	Authority    string `json:"authority"`
	Tenant       string `json:"tenant"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	CAFile       string `json:"ca_file"`
	Admin        string `json:"admin"`
	TokenURL     string `json:"token_url"`
}

func newSimCommand() *cobra.Command {
	opts := graphtest.DefaultOptions()
	var caOut, variants string
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve the Microsoft Graph emulator until interrupted",
		Long: `Serve the Microsoft Graph emulator (identity platform, Graph v1.0 delta
endpoints and the admin API) over HTTPS until interrupted.

When ready it prints one JSON line to stdout with the URLs and credentials
to use: graph, authority, tenant, client_id, client_secret, ca_file, admin.
The same --seed and sizes always give the same tenant.

On a loopback --listen address the client secret, like the tenant, comes
from --seed. On any other address (other hosts can reach it) the secret is
drawn at random for each start, since anyone who knows the seed could
derive it; take it from the ready line.

The CA file is created anew: sim refuses to overwrite an existing --ca-out
file, and without --ca-out it creates a fresh file in the temp directory
and removes it on exit.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			if opts.Variants, err = graphtest.ParseVariants(variants); err != nil {
				return withCode(exitConfig, fmt.Errorf("--variant: %w", err))
			}
			return runSim(cmd, opts, caOut, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Listen, "listen", "127.0.0.1:0", "TCP address to serve on (port 0 picks a free port)")
	f.Int64Var(&opts.Seed, "seed", opts.Seed, "seed of the generated tenant and its credentials")
	f.IntVar(&opts.Users, "users", opts.Users, "number of users")
	f.IntVar(&opts.Groups, "groups", opts.Groups, "number of groups (a third are Microsoft 365 groups)")
	f.IntVar(&opts.MembersPerGroup, "members-per-group", opts.MembersPerGroup, "members of each group")
	f.IntVar(&opts.Contacts, "contacts", opts.Contacts, "number of organisational contacts")
	f.IntVar(&opts.Mailboxes, "mailboxes", opts.Mailboxes, "number of users (the first ones) with a mailbox")
	f.IntVar(&opts.FoldersPerMailbox, "folders-per-mailbox", opts.FoldersPerMailbox, "mail folders per mailbox (well-known ones first, then Inbox children)")
	f.IntVar(&opts.FolderDepth, "folder-depth", 0, "nest the Inbox's child folders in chains this many levels deep (0: every third one under the one before)")
	f.IntVar(&opts.MessagesPerFolder, "messages-per-folder", opts.MessagesPerFolder, "messages in each folder")
	f.IntVar(&opts.ContactFoldersPerMailbox, "contact-folders", opts.ContactFoldersPerMailbox, "personal contact folders per mailbox, the default Contacts folder included")
	f.IntVar(&opts.ContactsPerFolder, "contacts-per-folder", opts.ContactsPerFolder, "personal contacts in each contact folder")
	f.IntVar(&opts.Drives.OneDrives, "onedrives", 0, "number of users (the first ones) with a OneDrive")
	f.IntVar(&opts.Drives.Sites, "sites", 0, "number of SharePoint sites, each with --libraries-per-site document libraries")
	f.IntVar(&opts.Drives.LibrariesPerSite, "libraries-per-site", 3, "document libraries of each SharePoint site")
	f.IntVar(&opts.Drives.ItemsPerDrive, "items-per-drive", 40, "files and folders of each OneDrive and library")
	dir := opts.Directory
	f.IntVar(&dir.Applications, "applications", dir.Applications, "number of applications (app registrations)")
	f.IntVar(&dir.ServicePrincipals, "service-principals", dir.ServicePrincipals, "number of service principals (the applications' own first, then Microsoft's, managed identities and third-party apps)")
	f.IntVar(&dir.Devices, "devices", dir.Devices, "number of devices")
	f.IntVar(&dir.DirectoryRoles, "directory-roles", dir.DirectoryRoles, "number of activated directory roles")
	f.IntVar(&dir.AdministrativeUnits, "administrative-units", dir.AdministrativeUnits, "number of administrative units")
	f.IntVar(&dir.OAuth2PermissionGrants, "oauth2-permission-grants", dir.OAuth2PermissionGrants, "number of delegated permission grants")
	f.StringVar(&caOut, "ca-out", "", "write the CA certificate (PEM) to this new file; an existing file is refused (default: a fresh file in the temp directory)")
	f.StringSliceVar(&opts.Hosts, "host", nil, "extra DNS name or IP for the TLS certificate, for clients on other hosts (repeatable)")
	f.IntVar(&opts.DirectoryPageSize, "directory-page-size", 200, "users, groups and contacts per page (Graph: 200)")
	f.IntVar(&opts.LinksPerPage, "links-per-page", 500, "members@delta links per page before a group splits across pages (Graph: about 500)")
	f.IntVar(&opts.MailboxConcurrency, "mailbox-concurrency", 4, "concurrent requests one mailbox serves before 429 ApplicationThrottled (Graph: 4; -1 disables)")
	f.IntVar(&opts.TenantRateLimit, "tenant-rate-limit", 130_000, "with the tenant-rate-limit variant: Graph requests served per --tenant-rate-window before 429 TooManyRequests (Graph: 130000 per 10s per app)")
	f.DurationVar(&opts.TenantRateWindow, "tenant-rate-window", 10*time.Second, "with the tenant-rate-limit variant: the sliding window of --tenant-rate-limit")
	f.DurationVar(&opts.DeltaTokenTTL, "delta-token-ttl", 0, "expire delta tokens older than this, e.g. 168h as Graph does for directory objects (0: never)")
	f.StringVar(&variants, "variant", "", "behaviours of real Graph to show, comma-separated, or all: "+graphtest.VariantList())
	return cmd
}

func runSim(cmd *cobra.Command, opts graphtest.Options, caOut string, stdout io.Writer) error {
	if !loopbackAddress(opts.Listen) && opts.ClientSecret == "" {
		var err error
		if opts.ClientSecret, err = randomSecret(); err != nil {
			return err
		}
	}
	srv, err := graphtest.NewServer(opts)
	if err != nil {
		return err
	}
	defer srv.Close()
	caOut, temp, err := writeCA(caOut, srv.CACertPEM())
	if err != nil {
		return err
	}
	if temp {
		defer os.Remove(caOut)
	}
	abs, _ := filepath.Abs(caOut)
	info := simInfo{Graph: srv.GraphURL(), Authority: srv.AuthorityURL(), Tenant: srv.TenantID(),
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(), CAFile: abs, Admin: srv.AdminURL(),
		TokenURL: srv.URL + "/" + srv.TenantID() + "/oauth2/v2.0/token"}
	if err := json.NewEncoder(stdout).Encode(info); err != nil {
		return fmt.Errorf("print ready line: %w", err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "graph emulator serving %s (Ctrl-C to stop)\n", srv.URL)
	<-cmd.Context().Done()
	fmt.Fprintln(cmd.ErrOrStderr(), "graph emulator stopping")
	return nil
}
