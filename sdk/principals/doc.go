// Package principals finds the users a per-user source syncs: every user
// of the tenant, listed each round (narrowed by a $filter), or users named
// by object id or user principal name. Per-mailbox sources (sdk/mailbox)
// and the drives source (OneDrives) share it.
package principals
