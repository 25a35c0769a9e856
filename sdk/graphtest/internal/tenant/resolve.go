package tenant

// ResolveUser maps a user id or userPrincipalName to the id of a live user.
// Principal names are matched case-insensitively; mailbox owners are found
// at once, other users by a scan.
func (t *Tenant) ResolveUser(idOrUPN string) (string, bool) {
	if o, ok := t.Users.Lookup(idOrUPN); ok {
		return o.ID, o.Live()
	}
	want := `"` + lower(idOrUPN) + `"`
	upn := UserSchema.MustIndex("userPrincipalName")
	for _, uid := range t.order {
		if o, ok := t.Users.Lookup(uid); ok && o.Live() && lower(string(o.Value(upn))) == want {
			return o.ID, true
		}
	}
	for i := 0; i < t.Users.Len(); i++ {
		if o := t.Users.At(i); o.Live() && lower(string(o.Value(upn))) == want {
			return o.ID, true
		}
	}
	return "", false
}
