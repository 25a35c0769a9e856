package graph_test

import (
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graph"
)

func TestRedact(t *testing.T) {
	tag := func(link string) string { return "sha256:" + graph.LinkHash(link)[:12] }
	tests := []struct {
		name, link, want string
	}{
		{"a skiptoken is replaced by the link's hash",
			"https://graph.microsoft.com/v1.0/users/delta?$skiptoken=SECRET",
			"https://graph.microsoft.com/v1.0/users/delta?$skiptoken=" + tag("https://graph.microsoft.com/v1.0/users/delta?$skiptoken=SECRET")},
		{"a deltatoken is replaced and other parameters are kept",
			"https://h/v1.0/users/delta?$select=a,b&$deltatoken=SECRET",
			"https://h/v1.0/users/delta?$select=a,b&$deltatoken=" + tag("https://h/v1.0/users/delta?$select=a,b&$deltatoken=SECRET")},
		{"bare and escaped token names are recognised in any case",
			"https://h/p?skiptoken=SECRET&%24DeltaToken=SECRET2&deltatoken=SECRET3",
			"https://h/p?skiptoken=" + tag("https://h/p?skiptoken=SECRET&%24DeltaToken=SECRET2&deltatoken=SECRET3") +
				"&%24DeltaToken=" + tag("https://h/p?skiptoken=SECRET&%24DeltaToken=SECRET2&deltatoken=SECRET3") +
				"&deltatoken=" + tag("https://h/p?skiptoken=SECRET&%24DeltaToken=SECRET2&deltatoken=SECRET3")},
		{"a drive delta token is replaced, in the query or in the path's function call",
			"https://h/v1.0/drives/b!x/root/delta?token=SECRET",
			"https://h/v1.0/drives/b!x/root/delta?token=" + tag("https://h/v1.0/drives/b!x/root/delta?token=SECRET")},
		{"a drive delta token in the path's function call is replaced",
			"https://h/v1.0/me/drive/root/delta(token='SECRET')",
			"https://h/v1.0/me/drive/root/delta(token=" + tag("https://h/v1.0/me/drive/root/delta(token='SECRET')") + ")"},
		{"key syntax in the path is kept",
			"https://h/v1.0/me/mailfolders('AQMk')/messages/delta",
			"https://h/v1.0/me/mailfolders('AQMk')/messages/delta"},
		{"user info and fragments are dropped",
			"https://user:SECRET@h/p?$skiptoken=SECRET#SECRET",
			"https://h/p?$skiptoken=" + tag("https://user:SECRET@h/p?$skiptoken=SECRET#SECRET")},
		{"an empty token stays empty, as in a sync reset's Location",
			"https://h/v1.0/users/delta?$deltatoken=",
			"https://h/v1.0/users/delta?$deltatoken="},
		{"a link that does not parse is only its hash",
			"https://h/%zz?$skiptoken=SECRET",
			"<unparsable link " + tag("https://h/%zz?$skiptoken=SECRET") + ">"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := graph.Redact(tt.link)
			if got != tt.want || strings.Contains(got, "SECRET") {
				t.Errorf("Redact(%q)\n got %q\nwant %q", tt.link, got, tt.want)
			}
		})
	}
}

func TestLinkHashIsTheHexSHA256(t *testing.T) {
	if got, want := graph.LinkHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; got != want {
		t.Errorf("LinkHash(abc) = %s, want %s", got, want)
	}
}
