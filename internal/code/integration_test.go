package code_test

import (
	"sync"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/code"
)

var (
	dictOnce sync.Once
	dict     *actor.Dict
	dictErr  error
)

// actorFinder adapts the real actor dictionary to the coder.
func actorFinder(tb testing.TB) code.FindActors {
	tb.Helper()
	dictOnce.Do(func() { dict, dictErr = actor.Load() })
	if dictErr != nil {
		tb.Fatalf("loading the actor dictionary: %v", dictErr)
	}
	var pool sync.Pool
	return func(s string, date time.Time, dst []code.ActorMatch) []code.ActorMatch {
		buf, _ := pool.Get().(*[]actor.Match)
		if buf == nil {
			buf = new([]actor.Match)
		}
		ms := dict.Find(s, date, (*buf)[:0])
		for _, m := range ms {
			dst = append(dst, code.ActorMatch{Start: m.Start, End: m.End, Code: m.Code, Country: m.Country, Name: m.Name, Kind: code.ActorKind(m.Kind)})
		}
		*buf = ms
		pool.Put(buf)
		return dst
	}
}

func realCoder(tb testing.TB) *code.Coder {
	tb.Helper()
	c, err := code.New(code.Options{Actors: actorFinder(tb)})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}
