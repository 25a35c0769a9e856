package directory

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// Config is the directory source block.
type Config struct {
	// Resources lists the resources to sync by table name: applications,
	// service_principals, devices, directory_roles (with
	// directory_role_members), administrative_units (with
	// administrative_unit_members) and oauth2_permission_grants. Default:
	// all.
	Resources []string `json:"resources"`
}

// Source syncs Entra ID's directory objects: one delta stream per
// resource, named by its path ("applications", "servicePrincipals"…).
type Source struct {
	resources []resource
}

// New returns the directory source.
func New() *Source { return &Source{resources: resources()} }

// Names returns the values the resources attribute accepts, in order.
func Names() []string {
	var out []string
	for _, r := range resources() {
		out = append(out, r.name)
	}
	return out
}

// Tables implements sdk.Source: every resource's tables, whatever the
// configuration.
func (s *Source) Tables() []table.Table {
	var out []table.Table
	for _, r := range s.resources {
		out = append(out, r.decl.Tables()...)
	}
	return out
}

// RequiredPermissions implements sdk.PermissionDeclarer: Directory.Read.All
// reads every resource; each narrower permission reads only the resources
// its condition names (oauth2_permission_grants has none narrower).
func (s *Source) RequiredPermissions() []sdk.PermissionRequirement {
	out := []sdk.Permission{{Name: directoryReadAll}}
	for _, r := range s.resources {
		name := r.decl.Permissions[0].Name
		if name == directoryReadAll {
			continue
		}
		i := slices.IndexFunc(out, func(p sdk.Permission) bool { return p.Name == name })
		if i < 0 {
			out = append(out, sdk.Permission{Name: name, When: "only " + r.name})
		} else {
			out[i].When += " and " + r.name
		}
	}
	return []sdk.PermissionRequirement{{AnyOf: out}}
}

// ValidateConfig implements sdk.ConfigValidator.
func (s *Source) ValidateConfig(_ context.Context, config []byte) []sdk.Diagnostic {
	_, diags := s.selected(config)
	return diags
}

// Sync implements sdk.Source: the selected resources' streams, in one
// RunStreams (a resource taken out of the list has its stream ended).
func (s *Source) Sync(ctx context.Context, req *sdk.SyncRequest, emit *sdk.Emitter) error {
	chosen, diags := s.selected(req.Config)
	if sdk.HasErrors(diags) {
		return sdk.DiagnosticsError(diags)
	}
	var streams []sdk.DeltaStream
	for _, r := range chosen {
		st, err := r.decl.Streams([]byte("{}"), req.Endpoint)
		if err != nil {
			return fmt.Errorf("resource %s: %w", r.name, err)
		}
		streams = append(streams, st...)
	}
	return sdk.RunStreams(ctx, req, emit, streams)
}

// selected decodes a source block and returns the resources it names, in
// the source's order.
func (s *Source) selected(config []byte) ([]resource, []sdk.Diagnostic) {
	var c Config
	if diags := sdk.DecodeConfig(config, &c); diags != nil {
		return nil, diags
	}
	if c.Resources == nil {
		return s.resources, nil
	}
	if len(c.Resources) == 0 {
		return nil, []sdk.Diagnostic{sdk.Errorf("resources", "No directory resource",
			"List at least one of %s, or leave resources out to sync them all.", strings.Join(Names(), ", "))}
	}
	var out []resource
	for _, r := range s.resources {
		if slices.Contains(c.Resources, r.name) {
			out = append(out, r)
		}
	}
	for _, name := range c.Resources {
		if !slices.Contains(Names(), name) {
			return nil, []sdk.Diagnostic{sdk.Errorf("resources", "Unknown directory resource",
				"%q is not one of %s.", name, strings.Join(Names(), ", "))}
		}
	}
	return out, nil
}
