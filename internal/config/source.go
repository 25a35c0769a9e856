package config

import (
	"encoding/json"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Source is one source block: a plugin and its settings.
//
//	source "users" { select = ["displayName", "mail"] }
//	source "staff" { plugin = "users"  select = ["displayName"] }
type Source struct {
	// Name is the block's label, unique in the pipeline; the lake's
	// manifest and stream ids carry it.
	Name string
	// Plugin (plugin) is the plugin that serves the source: a built-in
	// plugin's name, or the path of an executable built with sdk.Serve
	// (any value with a "/"; relative paths start at the pipeline file's
	// folder, absolute after Load). Default: Name.
	Plugin string
	// Config is the block's other arguments as one JSON object, for the
	// plugin to check and decode. An argument whose value is unknown (an
	// unset env() while secrets are not required) is left out.
	Config []byte
	// AttrRanges maps each argument in Config to the range of its
	// expression, so the host can point a plugin's diagnostics at the line.
	AttrRanges map[string]hcl.Range
	// DeclRange is the source block's header.
	DeclRange hcl.Range
}

func (d *decoder) sources(blocks hcl.Blocks, within hcl.Range) []Source {
	if len(blocks) == 0 {
		d.errorf(within, "No sources", `The pipeline needs at least one source block, e.g. source "users" { select = ["displayName", "mail"] }.`)
	}
	first := map[string]*hcl.Block{}
	out := make([]Source, 0, len(blocks))
	for _, b := range blocks {
		name := b.Labels[0]
		if prev, dup := first[name]; dup {
			d.errorf(b.LabelRanges[0], "Duplicate source name", "A source named %q is already declared at line %d; give this one another name and, to run the same plugin twice, plugin = %q.",
				name, prev.DefRange.Start.Line, name)
		} else {
			first[name] = b
		}
		out = append(out, d.source(b))
	}
	return out
}

func (d *decoder) source(b *hcl.Block) Source {
	src := Source{Name: b.Labels[0], Plugin: b.Labels[0], AttrRanges: map[string]hcl.Range{}, DeclRange: b.DefRange}
	validName := d.checkName("source", src.Name, b.LabelRanges[0])
	attrs, diags := b.Body.JustAttributes()
	if !d.noBlocks(b.Body) {
		diags = nil // HCL's only complaint here is the block, reported better above
	}
	d.diags = append(d.diags, diags...)
	config := map[string]json.RawMessage{}
	for _, a := range inFileOrder(attrs, func(a *hcl.Attribute) int { return a.Range.Start.Byte }) {
		if a.Name == "plugin" {
			src.Plugin = d.plugin(d.str(attrs, "plugin", b.DefRange), src.Plugin)
			continue
		}
		src.AttrRanges[a.Name] = a.Expr.Range()
		if raw, ok := d.jsonValue(a); ok {
			config[a.Name] = raw
		}
	}
	src.Config, _ = json.Marshal(config) // RawMessages that ctyjson produced always marshal
	if _, ok := attrs["plugin"]; !ok && validName {
		d.builtin(src.Plugin, b.LabelRanges[0])
	}
	return src
}

// noBlocks reports nested blocks in a source body, which holds arguments
// only, and tells whether there were none.
func (d *decoder) noBlocks(body hcl.Body) bool {
	sb, ok := body.(*hclsyntax.Body)
	if !ok {
		return true
	}
	for _, blk := range sb.Blocks {
		d.errorf(blk.TypeRange, "Unsupported block in a source", "A source block holds arguments only, for its plugin to read. "+
			"Write %s as an argument with an object value: %s = { … }.", blk.Type, blk.Type)
	}
	return len(sb.Blocks) == 0
}

// jsonValue converts an argument to JSON for the plugin.
func (d *decoder) jsonValue(a *hcl.Attribute) (json.RawMessage, bool) {
	v, ok := d.eval(a.Expr)
	if !ok || !v.IsWhollyKnown() {
		return nil, false
	}
	b, err := ctyjson.SimpleJSONValue{Value: v}.MarshalJSON()
	if err != nil {
		d.errorf(a.Expr.Range(), "Unsupported value", "%s cannot be passed to the plugin as JSON: %v.", a.Name, err)
		return nil, false
	}
	return b, true
}

// plugin resolves the plugin argument: a built-in name or a path to an
// executable.
func (d *decoder) plugin(a strAttr, def string) string {
	switch {
	case !a.Set:
		return def
	case !a.Known:
		return a.Value
	case a.Value == "":
		d.errorf(a.Range, "Empty plugin", "plugin names a built-in plugin or the path of an executable; leave it out to use the source's name.")
		return a.Value
	case !strings.Contains(a.Value, "/"):
		d.builtin(a.Value, a.Range)
		return a.Value
	}
	path := d.resolve(a.Value)
	info, err := os.Stat(path)
	switch {
	case err != nil:
		d.errorf(a.Range, "Plugin not found", "There is no plugin executable at %s (relative paths start at the pipeline file's folder). Build the plugin there or fix the path.", path)
	case info.IsDir() || info.Mode()&0o111 == 0:
		d.errorf(a.Range, "Plugin is not executable", "%s is not an executable file. Make it one (chmod +x %s) or name a built-in plugin.", path, path)
	}
	return path
}

// builtin checks a built-in plugin's name when the host said which exist.
func (d *decoder) builtin(name string, subject hcl.Range) {
	known := d.opts.BuiltinPlugins
	if known == nil || slices.Contains(known, name) {
		return
	}
	d.errorf(subject, "Unknown plugin", "No built-in plugin is named %q.%s Built-in plugins: %s. An external plugin is named by its path, e.g. plugin = \"./bin/my-plugin\".",
		name, didYouMean(name, known), quoted(known))
}
