package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// strAttr is a string argument as written: absent, present but unusable
// (an error already reported, or an unset env() while secrets are not
// required), or known.
type strAttr struct {
	Value string
	Set   bool      // the argument is written and not null
	Known bool      // Value is the argument's value
	Range hcl.Range // the expression, or the enclosing block when absent
}

// or returns the value, or def when the argument is absent.
func (a strAttr) or(def string) string {
	if !a.Set {
		return def
	}
	return a.Value
}

// eval evaluates expr, recording its diagnostics; ok is false when it failed.
func (d *decoder) eval(expr hcl.Expression) (v cty.Value, ok bool) {
	before := len(d.unsetEnv)
	v, diags := expr.Value(d.ctx)
	d.diags = append(d.diags, rewriteFunctionDiags(diags)...)
	if unset := d.unsetEnv[before:]; len(unset) > 0 {
		d.warnUnset(expr.Range(), slices.Compact(slices.Clone(unset)))
	}
	return v, !diags.HasErrors()
}

func (d *decoder) warnUnset(subject hcl.Range, names []string) {
	noun := "variable " + names[0] + " is"
	if len(names) > 1 {
		noun = "variables " + strings.Join(names, ", ") + " are"
	}
	d.warnf(subject, fmt.Sprintf("Environment %s not set", noun),
		"This argument is left unchecked. Commands that sign in or read the lake will fail until you export %s=… or set it in your scheduler's secret store.", names[0])
}

// str evaluates the string argument name of attrs; absent gives
// within as the range, for diagnostics about the missing argument.
func (d *decoder) str(attrs hcl.Attributes, name string, within hcl.Range) strAttr {
	attr, ok := attrs[name]
	if !ok {
		return strAttr{Range: within}
	}
	out := strAttr{Set: true, Range: attr.Expr.Range()}
	v, ok := d.eval(attr.Expr)
	switch {
	case !ok || !v.IsKnown():
		return out
	case v.IsNull():
		return strAttr{Range: within}
	}
	s, err := convert.Convert(v, cty.String)
	if err != nil {
		d.errorf(out.Range, "Incorrect attribute value type", "%s must be a string; got %s.", name, v.Type().FriendlyName())
		return out
	}
	out.Value, out.Known = s.AsString(), true
	return out
}
