package calendar

import "testing"

func TestTheLeastRecentlyUsedSyncStateIsEvicted(t *testing.T) {
	tk := newTokens(3)
	a, b, c := tk.putState(syncState{user: "a"}), tk.putState(syncState{user: "b"}), tk.putState(syncState{user: "c"})
	if tk.state(a) == nil { // a is used again: b is now the least recent
		t.Fatal("a was evicted under the cap")
	}
	for i := range 10 { // a round in flight counts: the first evicts b, the least recent
		if tk.takeRound(tk.putRound(&pending{})) == nil {
			t.Fatalf("round %d was lost", i)
		}
	}
	d := tk.putState(syncState{user: "d"})
	for tok, live := range map[string]bool{a: true, b: false, c: true, d: true} {
		if (tk.state(tok) != nil) != live {
			t.Fatalf("token of %s live: %v, want %v", map[string]string{a: "a", b: "b", c: "c", d: "d"}[tok], !live, live)
		}
	}
	if tk.evicted != 1 {
		t.Fatalf("%d evicted, want 1", tk.evicted)
	}
}
