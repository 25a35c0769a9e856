package config

// Auth methods a graph block may name.
const (
	AuthClientSecret     = "client_secret"
	AuthCertificate      = "certificate"
	AuthManagedIdentity  = "managed_identity"
	AuthWorkloadIdentity = "workload_identity"
	AuthDefault          = "default"
)

var authMethods = []string{AuthClientSecret, AuthCertificate, AuthManagedIdentity, AuthWorkloadIdentity, AuthDefault}

// credentials checks that the auth method and the credentials agree and
// returns the method, inferred when auth is not written.
func (d *decoder) credentials(a graphAttrs) string {
	if a.secret.Set && a.cert.Set {
		d.errorf(a.cert.Range, "Both client_secret and certificate_file are set",
			"Choose one: keep client_secret to sign in with the app's secret, or certificate_file to sign in with its certificate, and remove the other.")
	}
	method := inferAuth(a)
	if a.auth.Set && !a.auth.Known {
		return method
	}
	switch method {
	case AuthClientSecret:
		d.needs(a, "client_secret", a.secret, `client_secret = env("GRAPH_CLIENT_SECRET")`)
		d.needsClientID(a, method)
	case AuthCertificate:
		d.needs(a, "certificate_file", a.cert, `certificate_file = "app.pem"`)
		d.needsClientID(a, method)
	case AuthManagedIdentity, AuthWorkloadIdentity, AuthDefault:
		d.unused(a, method)
	default:
		d.errorf(a.auth.Range, "Unknown auth method", "auth is %q.%s Valid methods: %s; or leave auth out to infer it from the credential you set.",
			method, didYouMean(method, authMethods), quoted(authMethods))
	}
	if a.certPassword.Set && !a.cert.Set {
		d.warnf(a.certPassword.Range, "certificate_password without certificate_file", "certificate_password is ignored; remove it, or set certificate_file.")
	}
	return method
}

func inferAuth(a graphAttrs) string {
	switch {
	case a.auth.Set:
		return a.auth.Value
	case a.secret.Set:
		return AuthClientSecret
	case a.cert.Set:
		return AuthCertificate
	}
	return AuthDefault
}

// needs reports a credential that the auth method requires but is missing
// or empty.
func (d *decoder) needs(a graphAttrs, name string, cred strAttr, example string) {
	switch {
	case !cred.Set:
		d.errorf(a.auth.Range, "Missing "+name, "auth = %q needs %s, e.g. %s.", a.auth.Value, name, example)
	case cred.Known && cred.Value == "":
		d.errorf(cred.Range, "Empty "+name, "%s is set to an empty string; give it a value, e.g. %s.", name, example)
	}
}

func (d *decoder) needsClientID(a graphAttrs, method string) {
	if !a.clientID.Set {
		d.errorf(a.decl, "Missing client_id", "auth = %q signs in as an app registration: set client_id to its Application (client) ID, a GUID shown in the Entra admin center.", method)
	}
}

// unused warns about credentials that the auth method does not use.
func (d *decoder) unused(a graphAttrs, method string) {
	creds := []struct {
		name string
		attr strAttr
	}{{"client_secret", a.secret}, {"certificate_file", a.cert}}
	for _, c := range creds {
		if c.attr.Set {
			d.warnf(c.attr.Range, c.name+" is not used", "auth = %q does not sign in with %s; remove %s, or remove auth to use it.", method, c.name, c.name)
		}
	}
}
