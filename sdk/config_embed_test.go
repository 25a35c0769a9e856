package sdk_test

import (
	"testing"

	"github.com/graphlake/graphlake/sdk"
)

// shared stands for settings several sources embed (mailbox.Settings).
type shared struct {
	Mailboxes []string `json:"mailboxes"`
}

type embedding struct {
	shared
	Select []string `json:"select"`
}

// An unknown attribute's diagnostic lists every accepted one, those of an
// embedded struct (which encoding/json inlines) included.
func TestUnknownAttributeListsEmbeddedAttributes(t *testing.T) {
	var cfg embedding
	if diags := sdk.DecodeConfig([]byte(`{"mailboxes":["a"],"select":["x"]}`), &cfg); diags != nil || len(cfg.Mailboxes) != 1 {
		t.Fatalf("a valid block: %v, %+v", diags, cfg)
	}
	diags := sdk.DecodeConfig([]byte(`{"folders":[]}`), &cfg)
	if len(diags) != 1 || diags[0].Attribute != "folders" {
		t.Fatalf("diagnostics %+v, want one on folders", diags)
	}
	if want := "This source accepts: mailboxes, select, plugin."; diags[0].Detail != want {
		t.Errorf("detail %q, want %q", diags[0].Detail, want)
	}
}
