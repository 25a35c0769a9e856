package tenant

import (
	"bytes"
	"runtime"
	"testing"
)

func TestGenerateIsReproducible(t *testing.T) {
	opts := Options{Seed: 42, Users: 50, Groups: 6, MembersPerGroup: 10, Contacts: 5, Mailboxes: 3, FoldersPerMailbox: 11, MessagesPerFolder: 4,
		ContactFoldersPerMailbox: 4, ContactsPerFolder: 3}
	for _, table := range Tables {
		t.Run(table+" is the same for the same seed", func(t *testing.T) {
			var a, b bytes.Buffer
			if err := Generate(opts).WriteState(&a, table); err != nil {
				t.Fatal(err)
			}
			if err := Generate(opts).WriteState(&b, table); err != nil {
				t.Fatal(err)
			}
			if a.Len() == 0 {
				t.Fatalf("table %s is empty", table)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("table %s differs between two generations with seed 42", table)
			}
		})
	}
	t.Run("another seed gives another tenant", func(t *testing.T) {
		var a, b bytes.Buffer
		_ = Generate(opts).WriteState(&a, "users")
		opts.Seed = 43
		_ = Generate(opts).WriteState(&b, "users")
		if bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Error("seeds 42 and 43 gave the same users")
		}
	})
}

func TestGenerateShapesTheTenant(t *testing.T) {
	tn := Generate(Options{Seed: 1, Users: 40, Groups: 4, MembersPerGroup: 7, Contacts: 3, Mailboxes: 2, FoldersPerMailbox: 12, MessagesPerFolder: 5})
	if got := tn.Users.LiveCount(); got != 40 {
		t.Errorf("users = %d, want 40", got)
	}
	m, ok := tn.Mailbox(tn.Users.At(1).ID)
	if !ok {
		t.Fatal("second user has no mailbox")
	}
	if got := m.Folders.LiveCount(); got != 12 {
		t.Errorf("folders = %d, want 12", got)
	}
	inbox, ok := m.ResolveFolder("Inbox")
	if !ok {
		t.Fatal("well-known name Inbox does not resolve")
	}
	msgs, _ := m.Messages(inbox)
	if got := msgs.LiveCount(); got != 5 {
		t.Errorf("inbox messages = %d, want 5", got)
	}
	f, _ := m.Folders.Lookup(inbox)
	if got := intValue(f.Value(MailTree.totalCount)); got != 5 {
		t.Errorf("inbox totalItemCount = %d, want 5", got)
	}
	if got := intValue(f.Value(MailTree.childCount)); got == 0 {
		t.Error("inbox has no child folders although there are more folders than well-known ones")
	}
	g := tn.Groups.At(0)
	if got := len(g.Links[groupMembers].Targets()); got < 7 {
		t.Errorf("group members = %d, want at least 7", got)
	}
	if tn.Users.Seq() != 0 || tn.Groups.Seq() != 0 {
		t.Error("generation wrote to the change log; generated objects must exist before any token")
	}
}

func BenchmarkGenerateUsers(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(itoa(n), func(b *testing.B) {
			var tn *Tenant
			for b.Loop() {
				tn = Generate(Options{Seed: 1, Users: n})
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "users/s")
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
			runtime.KeepAlive(tn)
		})
	}
}

func itoa(n int) string {
	return string(jint(n))
}
