package graphtest

import (
	"github.com/graphlake/graphlake/sdk/graphtest/internal/fault"
	"github.com/graphlake/graphlake/sdk/graphtest/internal/tenant"
)

// Tenant is the emulated tenant; its methods mutate it and read its truth.
type Tenant = tenant.Tenant

// Props are property values by Graph name, as JSON.
type Props = tenant.Props

// ChurnSpec asks for random but reproducible changes to one resource.
type ChurnSpec = tenant.ChurnSpec

// ChurnResult lists the ids a churn touched.
type ChurnResult = tenant.ChurnResult

// FaultConfig is the fault injection configuration (see the README).
type FaultConfig = fault.Config

// FaultRule is one fault injection rule.
type FaultRule = fault.Rule

// FaultDuration is a fault rule's delay; JSON accepts "250ms" or seconds.
type FaultDuration = fault.Duration

// Tables lists the ground-truth tables of the built-in resources and mail;
// Tenant.Tables lists a server's, registered resources' included.
var Tables = tenant.Tables

// TreeKind is a kind of Outlook folder tree in a mailbox, for Tenant's
// tree operations (CreateTreeFolder, MoveTreeItem, …).
type TreeKind = tenant.TreeKind

// The tree kinds: mail (mailFolders and messages) and personal contacts
// (contactFolders and contacts, truth tables contact_folders and
// personal_contacts).
var (
	MailTree    = tenant.MailTree
	ContactTree = tenant.ContactTree
)
