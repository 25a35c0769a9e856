package principals_test

import (
	"context"
	"testing"

	"github.com/graphlake/graphlake/sdk/principals"
)

func TestObjectIDsNeedNoLookUp(t *testing.T) {
	tests := []struct {
		user string
		id   bool
	}{
		{"2E5807CE-58F3-4A94-9B37-A1B2C3D4E5F6", true},
		{"2e5807ce-58f3-4a94-9b37-a1b2c3d4e5f6", true},
		{"adele@contoso.com", false},
		{"2e5807ce58f34a949b37a1b2c3d4e5f6", false},
		{"2e5807ce-58f3-4a94-9b37-a1b2c3d4e5f6x", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			if got := principals.IsObjectID(tt.user); got != tt.id {
				t.Fatalf("IsObjectID = %v, want %v", got, tt.id)
			}
			if !tt.id {
				return
			}
			// An object id is returned in lower case without a request:
			// no client is needed.
			id, err := principals.Resolve(context.Background(), nil, "https://graph.invalid/v1.0", tt.user)
			if err != nil || id != "2e5807ce-58f3-4a94-9b37-a1b2c3d4e5f6" {
				t.Fatalf("Resolve = %q, %v; want the id in lower case", id, err)
			}
		})
	}
}
