package config

import (
	"slices"

	"github.com/hashicorp/hcl/v2"
)

// DestinationKinds are the destination kinds this package knows.
var DestinationKinds = []string{"local", "s3"}

// Destination is the destination block, where the lake lives:
//
//	destination "local" { path = "./lake" }
//	destination "s3" { bucket = "acme-lake"  prefix = "graph" }
type Destination struct {
	// Kind is the block's label: "local" (a folder) or "s3".
	Kind string
	// Path (path, required for "local") is the lake's folder; relative
	// paths start at the pipeline file's folder. Absolute after Load.
	Path string
	// S3 is the block of kind "s3"; nil for other kinds.
	S3 *S3
	// Body is the block's body, undecoded, for the package that serves
	// Kind to decode with its own schema.
	Body hcl.Body
	// EvalContext offers Body's expressions the functions the rest of the
	// file has: env(), file() and trimspace(), with Load's options.
	EvalContext *hcl.EvalContext
	// DeclRange is the destination block's header.
	DeclRange hcl.Range
}

var localSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "path"}}}

func (d *decoder) destination(b *hcl.Block) Destination {
	dst := Destination{Kind: b.Labels[0], Body: b.Body, EvalContext: d.ctx, DeclRange: b.DefRange}
	switch dst.Kind {
	case "local":
		dst.Path = d.localPath(b)
	case "s3":
		dst.S3 = d.s3(b)
	default:
		if !slices.Contains(DestinationKinds, dst.Kind) {
			d.errorf(b.LabelRanges[0], "Unknown destination kind", "This build writes to destination kinds %s, not %q.%s For a folder: destination \"local\" { path = \"./lake\" }.",
				quoted(DestinationKinds), dst.Kind, didYouMean(dst.Kind, DestinationKinds))
		}
	}
	return dst
}

func (d *decoder) localPath(b *hcl.Block) string {
	c := d.content(b.Body, localSchema, `a destination "local" block`)
	path := d.str(c.Attributes, "path", b.DefRange)
	switch {
	case !path.Set:
		d.errorf(path.Range, "Missing path", `destination "local" needs path, the lake's folder, e.g. path = "./lake".`)
	case path.Known && path.Value == "":
		d.errorf(path.Range, "Empty path", `path is empty; name the lake's folder, e.g. path = "./lake".`)
	}
	return d.resolve(path.Value)
}
