package mail

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, config string
		wantAttr     []string
		check        func(t *testing.T, c Config)
	}{
		{"an empty block takes the defaults", `{}`, nil, func(t *testing.T, c Config) {
			if c.PageSize != 500 || c.Concurrency != 0 || c.MaxConcurrency != 0 || c.MailboxConcurrency != 4 || c.MaxRequestsPerSecond != 0 || len(c.Select) != 15 {
				t.Errorf("defaults = %+v", c)
			}
			if l := c.Limits(); l.Concurrency != 0 || l.RequestsPerSecond != 0 {
				t.Errorf("default limits %+v: want the adaptive concurrency and no rate ceiling", l)
			}
		}},
		{"a negative concurrency is refused", `{"concurrency":-1,"max_concurrency":-2}`, []string{"concurrency", "max_concurrency"}, nil},
		{"a date and a timestamp are valid since values", `{"since":"2025-01-31"}`, nil, func(t *testing.T, c Config) {
			if q := messagesQuery(c); !strings.Contains(q, url.QueryEscape("receivedDateTime ge 2025-01-31T00:00:00Z")) {
				t.Errorf("query %q lacks the receivedDateTime filter", q)
			}
		}},
		{"an unknown attribute is refused", `{"folders":["inbox"]}`, []string{"folders"}, nil},
		{"a property list with commas is refused", `{"select":["subject,isRead"]}`, []string{"select"}, nil},
		{"a bad glob is refused", `{"exclude_folders":["[abc"]}`, []string{"exclude_folders"}, nil},
		{"more than four requests per mailbox are refused", `{"mailbox_concurrency":5}`, []string{"mailbox_concurrency"}, nil},
		{"a page size over Graph's cap is refused", `{"page_size":5000}`, []string{"page_size"}, nil},
		{"a batch over Graph's 20 requests is refused", `{"batch_size":21}`, []string{"batch_size"}, nil},
		{"batch size 1 sends each request alone", `{"batch_size":1}`, nil, func(t *testing.T, c Config) {
			if l := c.Limits(); l.BatchSize != 1 {
				t.Errorf("limits %+v: want a batch size of 1", l)
			}
		}},
		{"an unreadable since is refused", `{"since":"yesterday"}`, []string{"since"}, nil},
		{"a user filter with a mailbox list is refused", `{"mailboxes":["a@b.c"],"user_filter":"x"}`, []string{"user_filter"}, nil},
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
			if tt.check != nil {
				tt.check(t, cfg)
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
