package config

import "github.com/hashicorp/hcl/v2"

// The HCL shapes decoded with gohcl; optional values are pointers so that
// defaults apply only to what the file leaves out.
type fileHCL struct {
	Pipelines []*pipelineHCL `hcl:"pipeline,block"`
}

type pipelineHCL struct {
	Name         string            `hcl:"name,label"`
	Schedule     *string           `hcl:"schedule,optional"`
	Graphs       []*graphHCL       `hcl:"graph,block"`
	States       []*stateHCL       `hcl:"state,block"`
	Destinations []*destinationHCL `hcl:"destination,block"`
	Sources      []*sourceHCL      `hcl:"source,block"`
	Body         hcl.Body          `hcl:",body"`
}

type graphHCL struct {
	Endpoint            *string  `hcl:"endpoint,optional"`
	AuthorityHost       *string  `hcl:"authority_host,optional"`
	TenantID            string   `hcl:"tenant_id"`
	ClientID            *string  `hcl:"client_id,optional"`
	Auth                *string  `hcl:"auth,optional"`
	ClientSecret        *string  `hcl:"client_secret,optional"`
	CertificateFile     *string  `hcl:"certificate_file,optional"`
	CertificatePassword *string  `hcl:"certificate_password,optional"`
	CAFile              *string  `hcl:"ca_file,optional"`
	Scope               *string  `hcl:"scope,optional"`
	Body                hcl.Body `hcl:",body"`
}

type stateHCL struct {
	Key  string   `hcl:"key"`
	Body hcl.Body `hcl:",body"`
}

type destinationHCL struct {
	Kind   string   `hcl:"kind,label"`
	Remain hcl.Body `hcl:",remain"`
}

type sourceHCL struct {
	Name   string   `hcl:"name,label"`
	Remain hcl.Body `hcl:",remain"`
}

func deref(s *string, def string) string {
	if s == nil || *s == "" {
		return def
	}
	return *s
}
