package sdk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/graphlake/graphlake/sdk/wire"
)

// DecodeConfig decodes a source block's JSON into v (a pointer to a struct
// with json tags) and reports unknown attributes and wrong types as
// diagnostics that name the attribute and list the valid ones.
func DecodeConfig(config []byte, v any) []Diagnostic {
	if len(bytes.TrimSpace(config)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(config))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	valid := strings.Join(attributeNames(v), ", ")
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return []Diagnostic{{Severity: wire.SeverityError, Attribute: typeErr.Field,
			Summary: fmt.Sprintf("Wrong type for argument %q", typeErr.Field),
			Detail:  fmt.Sprintf("It must be %s, not %s.", kindName(typeErr.Type), typeErr.Value)}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return []Diagnostic{{Severity: wire.SeverityError, Attribute: name,
			Summary: fmt.Sprintf("Unsupported argument %q", name),
			Detail:  fmt.Sprintf("This source accepts: %s, plugin.", valid)}}
	}
	return []Diagnostic{{Severity: wire.SeverityError, Summary: "Invalid source configuration", Detail: err.Error()}}
}

// attributeNames lists the json names of v's struct fields, those of
// embedded structs without a json name included (encoding/json inlines
// them: mailbox.Settings in a mailbox source's config).
func attributeNames(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct:
			names = append(names, attributeNames(reflect.New(f.Type).Interface())...)
		case name != "" && name != "-":
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list of " + kindName(t.Elem()) + "s"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a bool"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// Errorf is a shorthand for an error diagnostic on an attribute.
func Errorf(attribute, summary, detailFormat string, args ...any) Diagnostic {
	return Diagnostic{Severity: wire.SeverityError, Attribute: attribute, Summary: summary,
		Detail: fmt.Sprintf(detailFormat, args...)}
}

// HasErrors reports whether any diagnostic is an error.
func HasErrors(diags []Diagnostic) bool { return wire.HasErrors(diags) }

// DiagnosticsError joins error diagnostics into one error, for a Sync that
// meets a configuration the host should have refused.
func DiagnosticsError(diags []Diagnostic) error {
	return errors.New("invalid configuration: " + wire.ErrorSummary(diags))
}
