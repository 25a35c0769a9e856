package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
)

func TestLocalPutIfAbsent(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		puts    []string
		wantErr []bool
	}{
		{"a first put creates the object", []string{"one"}, []bool{false}},
		{"a second put fails with ErrExist and keeps the first content", []string{"one", "two"}, []bool{false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLocal(t)
			for i, data := range tt.puts {
				err := l.PutIfAbsent(ctx, "_manifest/1.json", []byte(data))
				if got := errors.Is(err, ErrExist); got != tt.wantErr[i] {
					t.Fatalf("put %d: error %v; want ErrExist %v", i, err, tt.wantErr[i])
				}
			}
			got, err := l.Get(ctx, "_manifest/1.json")
			if err != nil || string(got) != tt.puts[0] {
				t.Fatalf("Get = %q, %v; want %q", got, err, tt.puts[0])
			}
			if infos, _ := l.List(ctx, ""); len(infos) != 1 {
				t.Fatalf("List = %v; want only the object, no temporary files", infos)
			}
		})
	}
}

func TestLocalPutIfAbsentConcurrent(t *testing.T) {
	ctx := context.Background()
	l := newTestLocal(t)
	const n = 8
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = l.PutIfAbsent(ctx, "_manifest/7.json", fmt.Appendf(nil, "writer %d", i)) })
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("writers %d and %d both won", winner, i)
		case err == nil:
			winner = i
		case !errors.Is(err, ErrExist):
			t.Fatalf("writer %d: %v; want ErrExist", i, err)
		}
	}
	if winner < 0 {
		t.Fatal("no writer won")
	}
	got, _ := l.Get(ctx, "_manifest/7.json")
	if want := fmt.Sprintf("writer %d", winner); string(got) != want {
		t.Fatalf("content %q; want the winner's %q", got, want)
	}
}
