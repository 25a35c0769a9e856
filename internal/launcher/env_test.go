package launcher

import (
	"slices"
	"testing"
)

func TestPluginEnv(t *testing.T) {
	tests := []struct {
		name    string
		environ []string
		want    []string
	}{
		{"secrets stay in the host",
			[]string{"GRAPH_CLIENT_SECRET=s", "GRAPHLAKE_STATE_KEY=k", "AWS_SECRET_ACCESS_KEY=a", "AWS_SESSION_TOKEN=t",
				"AZURE_CLIENT_SECRET=z", "MY_PIPELINE_VAR=v", "GRAPHLAKE_SHARD=1"},
			[]string{}},
		{"the allow-list passes in order",
			[]string{"PATH=/bin", "SECRET=x", "HOME=/root", "LC_ALL=C", "https_proxy=http://p:3128", "NO_PROXY=.local",
				"SSL_CERT_FILE=/ca.pem", "GRAPHLAKE_PROFILE_DIR=/tmp/p", "GOMEMLIMIT=1GiB", "TZ=UTC"},
			[]string{"PATH=/bin", "HOME=/root", "LC_ALL=C", "https_proxy=http://p:3128", "NO_PROXY=.local",
				"SSL_CERT_FILE=/ca.pem", "GRAPHLAKE_PROFILE_DIR=/tmp/p", "GOMEMLIMIT=1GiB", "TZ=UTC"}},
		{"names match whole, not by prefix",
			[]string{"PATHX=1", "HOME_TOKEN=2", "TZ_SECRET=3", "=weird", "NOEQUALS"},
			[]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pluginEnv(tt.environ); !slices.Equal(got, tt.want) {
				t.Errorf("pluginEnv = %q, want %q", got, tt.want)
			}
		})
	}
}
