package personalcontacts

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, config string
		wantAttr     []string
	}{
		{"an empty block takes the defaults", `{}`, nil},
		{"the mailbox settings are accepted", `{"mailboxes":["a@b.c"],"mailbox_concurrency":2,"mailbox_budget":100}`, nil},
		{"more than four requests per mailbox are refused", `{"mailbox_concurrency":5}`, []string{"mailbox_concurrency"}},
		{"a bad glob is refused", `{"include_folders":["[abc"]}`, []string{"include_folders"}},
		{"a property list with commas is refused", `{"select":["displayName,surname"]}`, []string{"select"}},
		{"a page size over Graph's cap is refused", `{"page_size":5000}`, []string{"page_size"}},
		{"an unknown attribute is refused", `{"since":"2025-01-01"}`, []string{"since"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags := decode([]byte(tt.config))
			var attrs []string
			for _, d := range diags {
				attrs = append(attrs, d.Attribute)
			}
			if diff := cmp.Diff(tt.wantAttr, attrs); diff != "" {
				t.Errorf("diagnostics on attributes (-want +got):\n%s\n%v", diff, diags)
			}
			if tt.wantAttr == nil && (cfg.PageSize != DefaultPageSize || len(cfg.Select) != len(defaultSelect) || cfg.MailboxConcurrency == 0) {
				t.Errorf("defaults not applied: %+v", cfg)
			}
		})
	}
}

func TestTablesAreValid(t *testing.T) {
	for _, tb := range New().Tables() {
		if err := tb.Validate(); err != nil {
			t.Errorf("table %s: %v", tb.Name, err)
		}
	}
}
