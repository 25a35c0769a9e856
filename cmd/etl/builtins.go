package main

import (
	"sort"

	"github.com/graphlake/graphlake/plugins/auditlogs"
	"github.com/graphlake/graphlake/plugins/calendar"
	"github.com/graphlake/graphlake/plugins/contacts"
	"github.com/graphlake/graphlake/plugins/directory"
	"github.com/graphlake/graphlake/plugins/drives"
	"github.com/graphlake/graphlake/plugins/groups"
	"github.com/graphlake/graphlake/plugins/mail"
	"github.com/graphlake/graphlake/plugins/personalcontacts"
	"github.com/graphlake/graphlake/plugins/users"
	"github.com/graphlake/graphlake/sdk"
)

// builtins are the plugins compiled into etl, by name.
func builtins() map[string]func() sdk.Source {
	return map[string]func() sdk.Source{
		"users":             func() sdk.Source { return users.New() },
		"groups":            func() sdk.Source { return groups.New() },
		"contacts":          func() sdk.Source { return contacts.New() },
		"directory":         func() sdk.Source { return directory.New() },
		"mail":              func() sdk.Source { return mail.New() },
		"auditlogs":         func() sdk.Source { return auditlogs.New() },
		"personal_contacts": func() sdk.Source { return personalcontacts.New() },
		"calendar":          func() sdk.Source { return calendar.New() },
		"drives":            func() sdk.Source { return drives.New() },
	}
}

// builtinNames lists the built-in plugins, sorted.
func builtinNames() []string {
	var names []string
	for name := range builtins() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func isBuiltin(name string) bool {
	_, ok := builtins()[name]
	return ok
}
