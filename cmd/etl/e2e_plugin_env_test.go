package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphlake/graphlake/sdk/graphtest"
)

// buildTestPlugin builds the test plugin in ./testdata/<name> into a
// temporary folder and returns its path.
func buildTestPlugin(t *testing.T, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	if b, err := exec.Command("go", "build", "-o", out, "./testdata/"+name).CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, b)
	}
	return out
}

// TestPluginEnvironmentHoldsNoSecrets runs a real external plugin that
// writes down the environment it was started with, and a built-in one with
// profiling on: neither the pipeline's secrets nor the cloud SDKs'
// credential variables reach a plugin, the allow-listed variables do, and
// the built-in plugin still profiles itself.
func TestPluginEnvironmentHoldsNoSecrets(t *testing.T) {
	plugin := buildTestPlugin(t, "envplugin")
	h := newHarness(t, graphtest.Options{Seed: 17, Users: 5, Groups: 2, MembersPerGroup: 2}, "")
	envFile := filepath.Join(h.dir, "plugin.env")
	profiles := t.TempDir()
	h.writePipeline(`source "users" {
    plugin   = "` + plugin + `"
    env_file = "` + envFile + `"
    note     = env("E2E_SOURCE_TOKEN")
  }
  source "groups" {}`)
	secrets := []string{"GRAPH_CLIENT_SECRET", "GRAPHLAKE_STATE_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
		"AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET", "E2E_SOURCE_TOKEN"}
	for _, name := range secrets[2:] {
		h.env = append(h.env, name+"=secret-value-of-"+name)
	}
	allowed := map[string]string{"TZ": "UTC", "LANG": "C.UTF-8", "LC_MESSAGES": "C", "NO_PROXY": "example.invalid",
		"https_proxy": "", "SSL_CERT_DIR": h.dir, "GRAPHLAKE_PROFILE_DIR": profiles, "GOMAXPROCS": "2"}
	for name, value := range allowed {
		h.env = append(h.env, name+"="+value)
	}
	h.mustRun()

	b, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatalf("the plugin did not report its environment: %v", err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		name, value, _ := strings.Cut(line, "=")
		got[name] = value
	}
	for _, name := range secrets {
		if _, ok := got[name]; ok {
			t.Errorf("the plugin's environment holds %s", name)
		}
	}
	for name, value := range got {
		if strings.Contains(value, "secret-value-of-") || value == testStateKey || value == h.srv.ClientSecret() {
			t.Errorf("the plugin's environment holds a secret in %s", name)
		}
	}
	for name, value := range allowed {
		if v, ok := got[name]; !ok || v != value {
			t.Errorf("the plugin's environment has %s=%q (present: %v), want %q", name, v, ok, value)
		}
	}
	for _, name := range []string{"PATH", "HOME", "GRAPHLAKE_PLUGIN_MAGIC_COOKIE", "PLUGIN_CLIENT_CERT"} {
		if _, ok := got[name]; !ok && (name != "HOME" || os.Getenv("HOME") != "") {
			t.Errorf("the plugin's environment lacks %s", name)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(profiles, "plugin-groups-*.cpu.pprof")); len(m) == 0 {
		t.Errorf("the built-in plugin wrote no profile to GRAPHLAKE_PROFILE_DIR")
	}
}
