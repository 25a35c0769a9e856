package current

import (
	"fmt"
	"sort"
)

// parentView is what a parent table's merge tells its children, all of it
// bounded by the changes since the snapshot, not by the table's size.
type parentView struct {
	// deleted is the last delete of each key deleted since the snapshot.
	deleted map[string]pos
	// gone are the snapshot's keys that are no longer live.
	gone map[string]bool
	// live are the watched keys that are live: the parents of the child
	// rows changed since the snapshot.
	live map[string]bool
}

func newParentView() *parentView {
	return &parentView{deleted: map[string]pos{}, gone: map[string]bool{}, live: map[string]bool{}}
}

// keeps applies the parent rule to a child row whose parent key is pk and
// that was last written at at. A row unchanged since the snapshot had a
// live parent then, which it keeps unless the parent went or was deleted
// since (after the row, necessarily); a changed row needs a live parent
// not deleted after the row's last write.
func (v *parentView) keeps(pk string, changed bool, at pos) bool {
	del, deleted := v.deleted[pk]
	if !changed {
		return !v.gone[pk] && !deleted
	}
	return v.live[pk] && !(deleted && at.before(del))
}

// order sorts the tables so that parents come before their children.
func order(infos map[string]*tableInfo) ([]string, error) {
	names := make([]string, 0, len(infos))
	for n := range infos {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []string
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(n string, path []string) error
	visit = func(n string, path []string) error {
		switch state[n] {
		case 1:
			return fmt.Errorf("tables %v link to each other as parents: a cycle", append(path, n))
		case 2:
			return nil
		}
		state[n] = 1
		if p := infos[n].parent; p != nil && infos[p.Table] != nil {
			if err := visit(p.Table, append(path, n)); err != nil {
				return err
			}
		}
		state[n] = 2
		out = append(out, n)
		return nil
	}
	for _, n := range names {
		if err := visit(n, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}
