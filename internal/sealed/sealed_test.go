package sealed

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestSealOpen(t *testing.T) {
	key := bytes.Repeat([]byte{7}, KeySize)
	box, err := New(key)
	if err != nil {
		t.Fatal(err)
	}
	link := "https://graph.microsoft.com/v1.0/users/delta?$deltatoken=secret"
	sealed, err := box.Seal(link, "demo/users/users")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "secret") {
		t.Fatalf("sealed value shows the plaintext: %s", sealed)
	}
	other, _ := New(bytes.Repeat([]byte{8}, KeySize))
	tests := []struct {
		name    string
		box     *Box
		context string
		want    string
		wantErr error
	}{
		{"the same key and context open it", box, "demo/users/users", link, nil},
		{"another key is refused", other, "demo/users/users", "", ErrWrongKey},
		{"another stream's context is refused", box, "demo/users/other", "", ErrWrongKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.box.Open(sealed, tt.context)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Fatalf("Open = %q, %v; want %q, %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
	if _, err := New(key[:16]); err == nil {
		t.Error("New accepted a 16-byte key")
	}
}
