package wire

import "testing"

func TestGCSettingsGiveWayToTheEnvironment(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		percent int
		limit   int64
	}{
		{"none set", nil, pluginGCPercent, pluginMemoryLimit},
		{"GOGC set", map[string]string{"GOGC": "50"}, -1, pluginMemoryLimit},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "1GiB"}, pluginGCPercent, -1},
		{"both set", map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, l := gcSettings(func(k string) string { return tt.env[k] })
			if p != tt.percent || l != tt.limit {
				t.Errorf("gcSettings = %d, %d; want %d, %d", p, l, tt.percent, tt.limit)
			}
		})
	}
	if pluginMemoryLimit >= 256<<20 {
		t.Errorf("the plugin's memory limit %d is not under the 256 MB a plugin may use", pluginMemoryLimit)
	}
}
