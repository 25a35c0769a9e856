package delta

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// listCursor is the $skiptoken of a plain (non-delta) list.
type listCursor struct {
	Offset int         `json:"o"`
	Select uint64      `json:"s"`
	Top    int         `json:"t"`
	Filter [][3]string `json:"f,omitempty"`
}

// ServeListUsers answers GET /users: $select, $top (1–999, default 100),
// and a $filter of "prop eq value" or "startswith(prop,'value')" terms
// joined by "and".
func (e *Engine) ServeListUsers(w http.ResponseWriter, r *http.Request, base string) {
	odata.SetRequestHeaders(w, r)
	cur, oerr := listStart(r)
	if oerr != nil {
		odata.WriteError(w, r, oerr)
		return
	}
	s := tenant.UserSchema
	var items [][]byte
	e.tenant.RLock()
	users := e.tenant.Users
	i := cur.Offset
	for ; i < users.Len() && len(items) < cur.Top; i++ {
		if o := users.At(i); o.Live() && matchAll(s, o, cur.Filter) {
			items = append(items, renderItem(nil, s, o, tenant.Mask(cur.Select), nil, false))
		}
	}
	more := i < users.Len()
	e.tenant.RUnlock()
	next := ""
	if more {
		cur.Offset = i
		raw, _ := json.Marshal(cur)
		next = base + "/users?$skiptoken=" + base64.RawURLEncoding.EncodeToString(raw)
	}
	writeCollection(w, base+"/$metadata#users", next, items)
}

func listStart(r *http.Request) (listCursor, *odata.Error) {
	v := r.URL.Query()
	if tok := v.Get("$skiptoken"); tok != "" {
		var cur listCursor
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || json.Unmarshal(raw, &cur) != nil || cur.Top <= 0 {
			return cur, badToken(Directory, "$skiptoken")
		}
		return cur, nil
	}
	cur := listCursor{Top: 100}
	sel, _, oerr := parseSelect(Directory, tenant.UserSchema, v.Get("$select"))
	if oerr != nil {
		return cur, oerr
	}
	cur.Select = sel
	if t := v.Get("$top"); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil || n < 1 || n > 999 {
			return cur, badRequest(Directory, "Invalid page size specified: '"+t+"'. Must be between 1 and 999 inclusive.")
		}
		cur.Top = n
	}
	if f := v.Get("$filter"); f != "" {
		terms, oerr := parseListFilter(f)
		if oerr != nil {
			return cur, oerr
		}
		cur.Filter = terms
	}
	return cur, nil
}

// parseListFilter reads "a eq 'x' and startswith(b,'y')" into
// (op, property, value) terms.
func parseListFilter(f string) ([][3]string, *odata.Error) {
	var out [][3]string
	unsupported := &odata.Error{Status: 400, Code: "Request_UnsupportedQuery", Message: "Unsupported or invalid query filter clause specified for property or operand."}
	for _, term := range strings.Split(f, " and ") {
		term = strings.TrimSpace(term)
		if strings.HasPrefix(strings.ToLower(term), "startswith(") && strings.HasSuffix(term, ")") {
			prop, val, ok := strings.Cut(term[len("startswith("):len(term)-1], ",")
			if !ok {
				return nil, unsupported
			}
			out = append(out, [3]string{"startswith", strings.TrimSpace(prop), strings.Trim(strings.TrimSpace(val), "'")})
			continue
		}
		fields := strings.Fields(term)
		if len(fields) != 3 || !strings.EqualFold(fields[1], "eq") {
			return nil, unsupported
		}
		out = append(out, [3]string{"eq", fields[0], strings.Trim(fields[2], "'")})
	}
	for _, t := range out {
		if _, ok := tenant.UserSchema.Index(t[1]); !ok {
			return nil, unknownProperty(Directory, tenant.UserSchema, t[1])
		}
	}
	return out, nil
}

func matchAll(s *tenant.Schema, o *tenant.Object, terms [][3]string) bool {
	for _, t := range terms {
		i, _ := s.Index(t[1])
		var v any
		_ = json.Unmarshal(o.Value(i), &v)
		str := strings.ToLower(strings.TrimSpace(strings.Trim(jsonText(v), `"`)))
		want := strings.ToLower(t[2])
		if t[0] == "startswith" && !strings.HasPrefix(str, want) || t[0] == "eq" && str != want {
			return false
		}
	}
	return true
}

func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// writeCollection writes a plain collection page.
func writeCollection(w http.ResponseWriter, context, next string, items [][]byte) {
	b := append([]byte(`{"@odata.context":`), tenant.AppendString(nil, context)...)
	if next != "" {
		b = append(append(b, `,"@odata.nextLink":`...), tenant.AppendString(nil, next)...)
	}
	b = append(b, `,"value":[`...)
	b = append(appendItems(b, items), '}')
	w.Header().Set("Content-Type", "application/json;odata.metadata=minimal;charset=utf-8")
	_, _ = w.Write(b)
}
