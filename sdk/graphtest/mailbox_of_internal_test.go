package graphtest

import "testing"

// TestMailboxOfNamesMailAndContactsRequests: mail and personal contacts
// requests count against their mailbox's limits; directory requests and
// user reads do not.
func TestMailboxOfNamesMailAndContactsRequests(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/v1.0/users/u1/mailFolders/delta", "u1"},
		{"/v1.0/users/u1/mailFolders('f')/messages/delta", "u1"},
		{"/v1.0/users/u2/contactFolders/delta", "u2"},
		{"/v1.0/users/u2/contactFolders/f/contacts/delta", "u2"},
		{"/v1.0/users/u2/contacts/delta", "u2"},
		{"/v1.0/users/u3", ""},
		{"/v1.0/users/delta", ""},
		{"/v1.0/contacts/delta", ""},
	}
	for _, tt := range tests {
		if got := mailboxOf(tt.path); got != tt.want {
			t.Errorf("mailboxOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}
