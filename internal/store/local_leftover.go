package store

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
)

var _ Sweeper = (*Local)(nil)

// Leftovers lists the temporary files under the root: writes a process
// did not finish (a Commit or Abort removes or renames its file).
func (l *Local) Leftovers(ctx context.Context) ([]Leftover, error) {
	var out []Leftover
	err := fs.WalkDir(l.dir.FS(), ".", func(id string, d fs.DirEntry, err error) error {
		if err != nil {
			if isNotExist(err) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || !isTemp(d.Name()) {
			return nil
		}
		fi, err := d.Info()
		if isNotExist(err) {
			return nil
		} else if err != nil {
			return err
		}
		out = append(out, Leftover{Info: Info{Name: tempTarget(id), Size: fi.Size(), ModTime: fi.ModTime()}, ID: id})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list temporary files under %s: %w", l.root, escapeErr(err))
	}
	return out, nil
}

// RemoveLeftover deletes a temporary file that Leftovers listed.
func (l *Local) RemoveLeftover(ctx context.Context, lo Leftover) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir, base := path.Split(lo.ID)
	if !isTemp(base) || (dir != "" && checkPrefix(dir) != nil) {
		return fmt.Errorf("remove temporary file %q: %w", lo.ID, ErrInvalidName)
	}
	if err := l.dir.Remove(filepath.FromSlash(lo.ID)); err != nil {
		return l.fsErr("remove temporary file", lo.ID, err)
	}
	return nil
}

// tempTarget returns the object a temporary file was to become:
// "users/.a.parquet.tmp-123" is "users/a.parquet".
func tempTarget(id string) string {
	dir, base := path.Split(id)
	if i := strings.LastIndex(base, tempMarker); i > 0 {
		base = base[1:i]
	}
	return dir + base
}
