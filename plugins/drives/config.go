package drives

import (
	"net/url"
	"strings"

	"github.com/graphlake/graphlake/sdk"
)

// maxPageSize is the most $top the source asks for.
const maxPageSize = 1000

// Config is the drives source block.
type Config struct {
	// Users selects OneDrives: ["all"] for every user of the tenant
	// (listed each round; users without a OneDrive are skipped), or user
	// object ids and principal names.
	Users []string `json:"users"`
	// UserFilter is a $filter for listing users when Users is ["all"],
	// e.g. "startswith(userPrincipalName,'a')" or "accountEnabled eq
	// true", as the per-mailbox sources' user_filter.
	UserFilter string `json:"user_filter"`
	// Sites selects SharePoint sites, by site id
	// ("contoso.sharepoint.com,{guid},{guid}") or URL
	// ("https://contoso.sharepoint.com/sites/finance"): every document
	// library of each is synced.
	Sites []string `json:"sites"`
	// PageSize, when set, is the $top of each drive's first round (1 to
	// 1000); Graph's default otherwise.
	PageSize int `json:"page_size"`
	// Concurrency is how many drives sync at once (default: the Graph
	// client's adaptive request limit).
	Concurrency int `json:"concurrency"`
}

// all is the users entry that selects every user.
const all = "all"

// decode reads and checks a source block.
func decode(config []byte) (Config, []sdk.Diagnostic) {
	var cfg Config
	if diags := sdk.DecodeConfig(config, &cfg); diags != nil {
		return cfg, diags
	}
	var diags []sdk.Diagnostic
	if len(cfg.Users) == 0 && len(cfg.Sites) == 0 {
		diags = append(diags, sdk.Errorf("users", "No drives selected",
			"Set users (e.g. [\"all\"] or user principal names) for OneDrives, sites (site ids or URLs) for document libraries, or both."))
	}
	for _, u := range cfg.Users {
		if strings.EqualFold(u, all) && len(cfg.Users) > 1 {
			diags = append(diags, sdk.Errorf("users", "\"all\" stands alone", "users = [\"all\"] selects every user; remove the other entries or \"all\"."))
		}
		if strings.TrimSpace(u) == "" || strings.ContainsAny(u, "/?#") {
			diags = append(diags, sdk.Errorf("users", "Invalid user", "%q is not a user id or user principal name.", u))
		}
	}
	if cfg.UserFilter != "" && !cfg.allUsers() {
		diags = append(diags, sdk.Errorf("user_filter", "user_filter needs users = [\"all\"]",
			"user_filter filters the tenant's users when users is [\"all\"]; set users to [\"all\"] or remove user_filter."))
	}
	for _, s := range cfg.Sites {
		if _, _, ok := siteURL(s); !ok && (strings.TrimSpace(s) == "" || strings.ContainsAny(s, "/?#:")) {
			diags = append(diags, sdk.Errorf("sites", "Invalid site", "%q is neither a site id (host,guid,guid) nor a site URL (https://host/sites/name).", s))
		}
	}
	if cfg.PageSize < 0 || cfg.PageSize > maxPageSize {
		diags = append(diags, sdk.Errorf("page_size", "page_size out of range", "It must be between 1 and %d (or unset), not %d.", maxPageSize, cfg.PageSize))
	}
	if cfg.Concurrency < 0 {
		diags = append(diags, sdk.Errorf("concurrency", "concurrency out of range", "It must be at least 1 (or unset, to adapt), not %d.", cfg.Concurrency))
	}
	return cfg, diags
}

// allUsers reports whether users selects every user.
func (c Config) allUsers() bool { return len(c.Users) == 1 && strings.EqualFold(c.Users[0], all) }

// siteURL splits an https site URL into host and server-relative path.
func siteURL(s string) (host, path string, ok bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.Trim(u.Path, "/") == "" {
		return "", "", false
	}
	return u.Host, "/" + strings.Trim(u.Path, "/"), true
}
