package tenant

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Props are property values by Graph name, as JSON.
type Props map[string]json.RawMessage

// fragments validates p against the schema and returns compacted fragments
// by property index. "id" is ignored; links and untracked properties are
// refused.
func (p Props) fragments(s *Schema) (map[int][]byte, error) {
	out := make(map[int][]byte, len(p))
	names := make([]string, 0, len(p))
	for name := range p {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "id" {
			continue
		}
		i, ok := s.Index(name)
		if !ok {
			return nil, fmt.Errorf("%w: %s has no property %q", ErrInvalid, s.Type, name)
		}
		if s.Props[i].Link || s.Props[i].Untracked {
			return nil, fmt.Errorf("%w: property %q of %s cannot be set here", ErrInvalid, name, s.Type)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, p[name]); err != nil {
			return nil, fmt.Errorf("%w: property %q: value is not JSON: %v", ErrInvalid, name, err)
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}

// strValue decodes a JSON string fragment, or returns "" for anything else.
func strValue(frag []byte) string {
	var s string
	if json.Unmarshal(frag, &s) != nil {
		return ""
	}
	return s
}

// Fields returns the object's set properties (links excluded) by name,
// for ground-truth output.
func (o *Object) Fields(s *Schema) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(s.Props))
	for i, p := range s.Props {
		if v := o.Value(i); v != nil && !p.Link {
			out[p.Name] = v
		}
	}
	return out
}

// overwrite replaces fragments without logging: for generation-time fixes
// of objects that do not exist in any token's past yet.
func (o *Object) overwrite(updates map[int][]byte) {
	vals := o.values()
	for i, v := range updates {
		vals[i] = v
	}
	o.enc, o.ends = packValues(vals)
}
