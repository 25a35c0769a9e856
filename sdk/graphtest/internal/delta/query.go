package delta

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphlake/graphlake/sdk/graphtest/internal/odata"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// maxFilterIDs is Graph's limit on "id eq" terms in one delta $filter.
const maxFilterIDs = 50

// parseQuery reads the first request's query options for the target,
// whose objects s describes.
func parseQuery(t Target, s *tenant.Schema, v url.Values) (Query, *odata.Error) {
	q := Query{Resource: t.Resource, Path: t.Path, UserID: t.UserID, Tree: t.Tree}
	for _, k := range sortedKeys(v) {
		if (strings.HasPrefix(k, "$") || k == "changeType") && k != "$deltatoken" && k != "$skiptoken" {
			q.Raw = append(q.Raw, [2]string{k, v.Get(k)})
		}
	}
	sel, explicit, err := parseSelect(t.Resource, s, v.Get("$select"))
	if err != nil {
		return q, err
	}
	q.Select, q.Explicit = sel, explicit
	if f := v.Get("$filter"); f != "" {
		if err := parseFilter(&q, f); err != nil {
			return q, err
		}
	}
	if t.Resource.outlook() {
		if err := parseOutlookOptions(&q, v); err != nil {
			return q, err
		}
	}
	return q, nil
}

// parseSelect returns the property mask for a $select value, or the
// schema's default set when it is empty.
func parseSelect(r Resource, s *tenant.Schema, raw string) (uint64, bool, *odata.Error) {
	if strings.TrimSpace(raw) == "" {
		return uint64(s.DefaultMask()), false, nil
	}
	var m tenant.Mask
	var untracked []string
	for _, name := range strings.Split(raw, ",") {
		name = strings.TrimSpace(name)
		if name == "" || strings.EqualFold(name, "id") {
			continue
		}
		i, ok := s.Index(name)
		if !ok {
			return 0, false, unknownProperty(r, s, name)
		}
		if s.Props[i].Untracked {
			untracked = append(untracked, s.Props[i].Name)
		}
		m = m.With(i)
	}
	if len(untracked) > 0 {
		return 0, false, notTracked(untracked)
	}
	return uint64(m), true, nil
}

func parseFilter(q *Query, f string) *odata.Error {
	kind := tenant.TreeKindOf(q.Tree)
	if q.Resource == Messages && kind == tenant.MailTree {
		return parseReceivedFilter(q, f)
	}
	if q.Resource == Folders || q.Resource == Messages {
		return badRequest(q.Resource, "$filter is not supported on "+kind.Collection+" delta.")
	}
	for _, term := range splitOr(f) {
		fields := strings.Fields(term)
		if len(fields) != 3 || !strings.EqualFold(fields[0], "id") || !strings.EqualFold(fields[1], "eq") {
			return &odata.Error{Status: 400, Code: "Request_UnsupportedQuery", Message: "Unsupported query: delta supports only $filter=id eq '{id}' terms joined by 'or'."}
		}
		q.IDs = append(q.IDs, strings.Trim(fields[2], "'"))
	}
	if len(q.IDs) > maxFilterIDs {
		return badRequest(q.Resource, "Too many id terms in $filter: "+strconv.Itoa(len(q.IDs))+" (at most 50).")
	}
	return nil
}

func parseReceivedFilter(q *Query, f string) *odata.Error {
	fields := strings.Fields(f)
	if len(fields) != 3 || !strings.EqualFold(fields[0], "receivedDateTime") {
		return &odata.Error{Status: 400, Code: "ErrorInvalidUrlQueryFilter", Message: "The only supported $filter on message delta is receivedDateTime ge|gt {value}."}
	}
	op := strings.ToLower(fields[1])
	tm, err := time.Parse(time.RFC3339, strings.Trim(fields[2], "'"))
	if (op != "ge" && op != "gt") || err != nil {
		return &odata.Error{Status: 400, Code: "ErrorInvalidUrlQueryFilter", Message: "The only supported $filter on message delta is receivedDateTime ge|gt {RFC 3339 timestamp}."}
	}
	q.ReceivedOp, q.Received = op, tenant.FormatTime(tm)
	return nil
}

func parseOutlookOptions(q *Query, v url.Values) *odata.Error {
	if v.Get("$search") != "" {
		return badRequest(q.Resource, "$search is not supported on delta.")
	}
	messages := q.Resource == Messages && q.Tree == tenant.MailTree.ID
	if top := v.Get("$top"); top != "" && messages {
		n, err := strconv.Atoi(top)
		if err != nil || n < 1 || n > 1000 {
			return badRequest(q.Resource, "$top must be between 1 and 1000.")
		}
		q.Top = n
	}
	if ob := v.Get("$orderby"); ob != "" && messages {
		if !strings.EqualFold(strings.Join(strings.Fields(ob), " "), "receivedDateTime desc") {
			return badRequest(q.Resource, "The only supported $orderby on message delta is receivedDateTime desc.")
		}
		q.Descending = true
	}
	if ct := v.Get("changeType"); ct != "" {
		switch ct {
		case "created", "updated", "deleted":
			q.ChangeType = ct
		default:
			return badRequest(q.Resource, "changeType must be created, updated or deleted.")
		}
	}
	return nil
}

func splitOr(f string) []string {
	var out []string
	rest := f
	for {
		i := strings.Index(strings.ToLower(rest), " or ")
		if i < 0 {
			return append(out, strings.TrimSpace(rest))
		}
		out = append(out, strings.TrimSpace(rest[:i]))
		rest = rest[i+4:]
	}
}

func sortedKeys(v url.Values) []string { return slices.Sorted(maps.Keys(v)) }
