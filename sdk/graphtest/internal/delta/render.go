package delta

import (
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// renderItem appends one live object: the properties in props that have a
// value, the relationship slices, and the id last, as Graph's examples show.
func renderItem(dst []byte, s *tenant.Schema, o *tenant.Object, props tenant.Mask, links []linkSlice, immutable bool) []byte {
	dst = append(dst, '{')
	if k, ok := tenant.ItemKind(s); ok {
		dst = appendODataType(dst, s)
		dst = append(dst, `"@odata.etag":"W/\"`...)
		ck := o.Value(k.ItemChangeKeyIndex())
		if len(ck) >= 2 {
			dst = append(dst, ck[1:len(ck)-1]...)
		}
		dst = append(dst, `\"",`...)
	}
	for i, p := range s.Props {
		if p.Link || !props.Has(i) {
			continue
		}
		v := o.Value(i)
		if v == nil {
			continue
		}
		dst = append(dst, '"')
		dst = append(dst, p.Name...)
		dst = append(dst, '"', ':')
		dst = append(dst, v...)
		dst = append(dst, ',')
	}
	for _, l := range links {
		dst = appendLinks(dst, s.Props[l.prop].Name, l.items)
	}
	dst = append(dst, `"id":`...)
	dst = tenant.AppendString(dst, o.RestID(immutable))
	return append(dst, '}')
}

// appendODataType appends the "@odata.type" of an Outlook item.
func appendODataType(dst []byte, s *tenant.Schema) []byte {
	dst = append(dst, `"@odata.type":"#microsoft.graph.`...)
	dst = append(dst, s.Type...)
	return append(dst, `",`...)
}

func appendLinks(dst []byte, name string, items []linkItem) []byte {
	dst = append(dst, '"')
	dst = append(dst, name...)
	dst = append(dst, `@delta":[`...)
	for i, it := range items {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"@odata.type":"#microsoft.graph.`...)
		dst = append(dst, it.typ...)
		dst = append(dst, `","id":`...)
		dst = tenant.AppendString(dst, it.id)
		if it.removed {
			dst = append(dst, `,"@removed":{"reason":"deleted"}`...)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']', ',')
}

// renderRemoved appends the "@removed" form of a removed object.
func renderRemoved(dst []byte, s *tenant.Schema, o *tenant.Object, immutable bool) []byte {
	return renderRemovedAs(dst, s, o, immutable, o.Reason)
}

// renderGone appends the "@removed" form of a live object that left the
// round's view (a folder moved out of the folder whose children it lists).
func renderGone(dst []byte, s *tenant.Schema, o *tenant.Object, immutable bool) []byte {
	return renderRemovedAs(dst, s, o, immutable, tenant.ReasonDeleted)
}

func renderRemovedAs(dst []byte, s *tenant.Schema, o *tenant.Object, immutable bool, reason string) []byte {
	dst = append(dst, '{')
	if _, ok := tenant.ItemKind(s); ok {
		dst = appendODataType(dst, s)
	}
	dst = append(dst, `"id":`...)
	dst = tenant.AppendString(dst, o.RestID(immutable))
	dst = append(dst, `,"@removed":{"reason":"`...)
	dst = append(dst, reason...)
	return append(dst, `"}}`...)
}
