package launcher

import "strings"

// allowedEnv names the variables of the host's environment a plugin
// process is started with; every other one (client secrets, the state
// key, cloud credentials, whatever a pipeline reads with env()) stays in
// the host. A plugin gets its settings and secrets from the host over the
// plugin protocol, never from the environment. go-plugin adds its own
// variables (the magic cookie, the protocol versions, the port range, the
// host's certificate) on top.
var allowedEnv = map[string]bool{
	"PATH": true, "HOME": true, "TMPDIR": true, "TZ": true, "LANG": true, "LANGUAGE": true,
	// The proxy variables, read by Go's http.ProxyFromEnvironment.
	"HTTP_PROXY": true, "HTTPS_PROXY": true, "NO_PROXY": true,
	"http_proxy": true, "https_proxy": true, "no_proxy": true,
	// The system's trusted certificates, read by crypto/x509.
	"SSL_CERT_FILE": true, "SSL_CERT_DIR": true,
	// The Go runtime's settings.
	"GOMAXPROCS": true, "GOMEMLIMIT": true, "GOGC": true, "GODEBUG": true, "GOTRACEBACK": true, "GOCOVERDIR": true,
	// graphlake's own non-secret settings that a plugin process reads.
	"GRAPHLAKE_PROFILE_DIR": true,
}

// allowedEnvPrefixes are prefixes of allowed variables: the locale's.
var allowedEnvPrefixes = []string{"LC_"}

// pluginEnv keeps the allowed variables of environ (os.Environ's form,
// NAME=value), in their order.
func pluginEnv(environ []string) []string {
	out := []string{}
	for _, kv := range environ {
		name, _, ok := strings.Cut(kv, "=")
		if ok && envAllowed(name) {
			out = append(out, kv)
		}
	}
	return out
}

// envAllowed reports whether a variable may reach a plugin.
func envAllowed(name string) bool {
	if allowedEnv[name] {
		return true
	}
	for _, p := range allowedEnvPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
