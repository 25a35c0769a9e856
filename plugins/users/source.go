package users

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/graphlake/graphlake/sdk"
	"github.com/graphlake/graphlake/sdk/table"
)

// defaultSelect is the $select used when a source block names none.
var defaultSelect = []string{"displayName", "givenName", "surname", "userPrincipalName", "mail",
	"jobTitle", "department", "officeLocation", "mobilePhone", "businessPhones", "accountEnabled",
	"createdDateTime", "manager"}

// DefaultSelect returns the properties selected when a source block names
// none.
func DefaultSelect() []string { return slices.Clone(defaultSelect) }

// Config is the users source block.
type Config struct {
	// Select lists the user properties to request ($select); "manager"
	// adds the managerId column. Default: DefaultSelect().
	Select []string `json:"select"`
	// Filter is an optional $filter, e.g. "id eq '…'" (Graph allows only id
	// filters on users/delta).
	Filter string `json:"filter"`
}

// Options implements sdk.DirectoryConfig.
func (c Config) Options() sdk.DirectoryOptions {
	return sdk.DirectoryOptions{Select: c.Select, Filter: c.Filter}
}

// Source syncs /users/delta, in one stream, "users".
type Source = sdk.Directory[Config]

// New returns the users source.
func New() *Source {
	return &Source{Path: "users", Type: "user", Table: Table(), DefaultSelect: defaultSelect,
		Permissions: []sdk.Permission{{Name: "User.Read.All"}}, Item: managerHook}
}

// managerHook handles the users of a stream that selects manager.
func managerHook(opts sdk.DirectoryOptions) sdk.ItemHook {
	if slices.Contains(opts.Select, "manager") {
		return itemWithManager
	}
	return nil
}

// itemWithManager emits a user of a stream that selects manager. In a full
// round every user comes whole, so one without manager@delta has no
// manager: its managerId is set to null instead of being left out, which
// would keep a manager removed while the stream was not reading (before a
// resync) in the lake.
func itemWithManager(ctx context.Context, emit *sdk.Emitter, stream string, obj table.Object) error {
	if _, removed := obj["@removed"]; !removed && sdk.FullRound(ctx) {
		if _, ok := obj["manager@delta"]; !ok {
			obj["manager@delta"] = json.RawMessage("[]")
		}
	}
	if err := emit.Object(TableName, stream, obj); err != nil {
		return fmt.Errorf("stream %s: %w", stream, err)
	}
	return nil
}
