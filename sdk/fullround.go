package sdk

import "context"

// fullRoundKey marks the context of a full delta round.
type fullRoundKey struct{}

// FullRound reports whether ctx is that of a full delta round (the first
// one, or a resync): every item then comes in its standard representation,
// so a relationship missing from an item (say manager@delta) is empty, not
// unchanged. A DeltaStream.Item hook gets such a context.
func FullRound(ctx context.Context) bool {
	full, _ := ctx.Value(fullRoundKey{}).(bool)
	return full
}

// withRoundKind marks ctx as that of a full round or not.
func withRoundKind(ctx context.Context, full bool) context.Context {
	return context.WithValue(ctx, fullRoundKey{}, full)
}
