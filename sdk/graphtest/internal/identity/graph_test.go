package identity

import (
	"net/http"
	"testing"
)

func TestPrincipalRoles(t *testing.T) {
	pr := Principal{Roles: []string{"User.Read.All", "Mail.Read"}}
	tests := []struct {
		name  string
		roles []string
		want  bool
	}{
		{"a granted role is held", []string{"Mail.Read"}, true},
		{"any one of several roles is enough", []string{"Group.Read.All", "User.Read.All"}, true},
		{"an ungranted role is not held", []string{"Directory.Read.All"}, false},
		{"no roles asked is not held", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pr.HasAnyRole(tt.roles...); got != tt.want {
				t.Errorf("HasAnyRole(%v) = %v", tt.roles, got)
			}
		})
	}
	t.Run("denials are Graph's 403s", func(t *testing.T) {
		if e := DirectoryAccessDenied(); e.Status != http.StatusForbidden || e.Code != "Authorization_RequestDenied" {
			t.Errorf("directory: %v", e)
		}
		if e := MailboxAccessDenied(); e.Status != http.StatusForbidden || e.Code != "ErrorAccessDenied" {
			t.Errorf("mailbox: %v", e)
		}
	})
}
