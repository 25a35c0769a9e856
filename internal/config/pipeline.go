package config

import (
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// MinSchedule is the shortest schedule a pipeline may ask for.
const MinSchedule = 10 * time.Second

// Pipeline is one decoded pipeline file:
//
//	pipeline "NAME" { schedule = "15m"  graph {…}  state {…}  destination "local" {…}  source "users" {…} }
type Pipeline struct {
	// Name is the pipeline block's label: letters, digits, '_', '-' and
	// '.'. The lake's manifest records it.
	Name string
	// File is the pipeline file's path, as given to Load.
	File string
	// Schedule (schedule = "15m") is how often `etl run --watch` starts a
	// round: a Go duration of at least 10s. Optional; 0 means no schedule.
	Schedule time.Duration
	// Graph (graph { … }, required) says where Graph and its authority are
	// and how to sign in.
	Graph Graph
	// State (state { … }, required) holds the key that seals deltaLinks.
	State State
	// Destination (destination "KIND" { … }, exactly one) is where the lake
	// lives.
	Destination Destination
	// Sources (source "NAME" { … }, one or more) are the source blocks in
	// file order.
	Sources []Source
	// Lake (lake { … }, optional) says how the lake is kept.
	Lake Lake
	// Audit (audit { … }, optional) says how the audit trail is kept.
	Audit Audit
	// DeclRange is the pipeline block's header.
	DeclRange hcl.Range
}

var fileSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "pipeline", LabelNames: []string{"name"}}}}

var pipelineSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "schedule"}},
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "graph"}, {Type: "state"}, {Type: "lake"}, {Type: "audit"},
		{Type: "destination", LabelNames: []string{"kind"}},
		{Type: "source", LabelNames: []string{"name"}},
	},
}

// nameRE is what pipeline and source labels may be: they become parts of
// stream ids and paths.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// file decodes the file's body: exactly one pipeline block.
func (d *decoder) file(body hcl.Body) *Pipeline {
	c := d.content(body, fileSchema, "a pipeline file")
	if len(c.Blocks) == 0 {
		if written(body, "pipeline") {
			return nil // its header is wrong, and HCL said so
		}
		d.errorf(body.MissingItemRange(), "Missing pipeline block",
			"A pipeline file holds one block: pipeline \"NAME\" { graph {…} state {…} destination \"local\" {…} source \"users\" {} }.")
		return nil
	}
	for _, extra := range c.Blocks[1:] {
		d.errorf(extra.DefRange, "More than one pipeline block",
			"A pipeline file holds one pipeline; the first is at line %d. Move pipeline %q to a file of its own.",
			c.Blocks[0].DefRange.Start.Line, extra.Labels[0])
	}
	return d.pipeline(c.Blocks[0])
}

func (d *decoder) pipeline(b *hcl.Block) *Pipeline {
	p := &Pipeline{Name: b.Labels[0], DeclRange: b.DefRange}
	d.checkName("pipeline", p.Name, b.LabelRanges[0])
	c := d.content(b.Body, pipelineSchema, "a pipeline block")
	p.Schedule = d.schedule(d.str(c.Attributes, "schedule", b.DefRange))
	blocks := byType(c.Blocks)
	if g := d.single(b, blocks["graph"], "graph", `graph { tenant_id = "…"  client_id = "…"  client_secret = env("GRAPH_CLIENT_SECRET") }`); g != nil {
		p.Graph = d.graph(g)
	}
	if s := d.single(b, blocks["state"], "state", `state { key = env("GRAPHLAKE_STATE_KEY") }`); s != nil {
		p.State = d.state(s)
	}
	if dst := d.single(b, blocks["destination"], "destination", `destination "local" { path = "./lake" }`); dst != nil {
		p.Destination = d.destination(dst)
	}
	p.Sources = d.sources(blocks["source"], b.DefRange)
	p.Lake = d.lake(blocks["lake"])
	p.Audit = d.audit(blocks["audit"])
	return p
}

func (d *decoder) schedule(a strAttr) time.Duration {
	if !a.Known {
		return 0
	}
	every, err := time.ParseDuration(a.Value)
	switch {
	case err != nil:
		d.errorf(a.Range, "Invalid schedule", "schedule must be a duration such as \"90s\", \"15m\" or \"1h\"; %q is not one.", a.Value)
	case every < MinSchedule:
		d.errorf(a.Range, "Schedule too short", "schedule is %s; rounds must start at least %s apart. Use \"%s\" or more, or leave schedule out.", every, MinSchedule, MinSchedule)
	}
	return every
}

// single returns the one block of a kind in pipeline, or reports why there
// is not one.
func (d *decoder) single(pipeline *hcl.Block, blocks hcl.Blocks, kind string, example string) *hcl.Block {
	if len(blocks) == 0 {
		if written(pipeline.Body, kind) {
			return nil // its header is wrong, and HCL said so
		}
		d.errorf(pipeline.DefRange, fmt.Sprintf("Missing %s block", kind), "The pipeline needs a %s block, e.g. %s", kind, example)
		return nil
	}
	for _, extra := range blocks[1:] {
		d.errorf(extra.DefRange, fmt.Sprintf("Duplicate %s block", kind),
			"A pipeline takes one %s block and the first is at line %d; merge the two or remove this one.", kind, blocks[0].DefRange.Start.Line)
	}
	return blocks[0]
}

// written tells whether body holds a block of type kind, even one whose
// header HCL rejected.
func written(body hcl.Body, kind string) bool {
	sb, ok := body.(*hclsyntax.Body)
	return ok && slices.ContainsFunc(sb.Blocks, func(b *hclsyntax.Block) bool { return b.Type == kind })
}

// checkName reports a label that cannot name a pipeline or source.
func (d *decoder) checkName(kind, name string, subject hcl.Range) bool {
	if nameRE.MatchString(name) {
		return true
	}
	d.errorf(subject, fmt.Sprintf("Invalid %s name", kind),
		"A %s name starts with a letter or digit and holds only letters, digits, '_', '-' and '.'; %q does not.", kind, name)
	return false
}
