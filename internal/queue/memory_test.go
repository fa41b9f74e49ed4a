package queue

import (
	"testing"
)

func TestMemory(t *testing.T) {
	testQueue(t, func(t *testing.T, opt Options) *harness {
		opt.Logger = testLogger(t)
		q := NewMemory(opt)
		t.Cleanup(func() { q.Close() })
		return &harness{
			q:       q,
			opt:     opt.withDefaults(),
			subject: "georisk.task",
			dead:    q.DeadLetters,
			reopen:  func() (Queue, bool) { return nil, false },
		}
	})
}

func TestMatchSubject(t *testing.T) {
	for _, tc := range []struct {
		pattern, subject string
		want             bool
		reason           string
	}{
		{"georisk.>", "georisk.fetch", true, "> matches one token"},
		{"georisk.>", "georisk.fetch.feed", true, "> matches several tokens"},
		{"georisk.>", "georisk", false, "> needs at least one token"},
		{"georisk.*", "georisk.fetch", true, "* matches one token"},
		{"georisk.*", "georisk.fetch.feed", false, "* matches only one token"},
		{"georisk.*.feed", "georisk.fetch.feed", true, "* in the middle"},
		{"georisk.fetch", "georisk.fetch", true, "literal"},
		{"georisk.fetch", "georisk.fetchx", false, "tokens compare whole"},
		{"georisk.>", "dead.georisk", false, "different first token"},
	} {
		if got := matchSubject(tc.pattern, tc.subject); got != tc.want {
			t.Errorf("matchSubject(%q, %q) = %v, want %v (%s)", tc.pattern, tc.subject, got, tc.want, tc.reason)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opt    Options
		ok     bool
		reason string
	}{
		{"defaults", Options{}, true, "the zero value works"},
		{"dead letter inside work", Options{DeadLetter: "georisk.dead"}, false, "JetStream streams cannot share subjects, and dead letters would be read as work"},
		{"dotted stream", Options{Stream: "a.b"}, false, "stream names cannot hold dots"},
		{"bad subject", Options{Subjects: []string{"georisk.>.x"}}, false, "> must be last"},
		{"wildcard dead letter", Options{DeadLetter: "dead.*"}, false, "dead letters are published to one subject"},
	} {
		err := tc.opt.withDefaults().validate()
		if (err == nil) != tc.ok {
			t.Errorf("%s: validate() = %v, want ok=%v (%s)", tc.name, err, tc.ok, tc.reason)
		}
	}
}
