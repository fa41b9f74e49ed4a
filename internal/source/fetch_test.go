package source

import (
	"compress/gzip"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newServer starts an httptest server on 127.0.0.1 that is closed when the
// test ends.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// wait sleeps for d, or less when the request is given up.
func wait(r *http.Request, d time.Duration) {
	select {
	case <-time.After(d):
	case <-r.Context().Done():
	}
}

func TestFetcherGet(t *testing.T) {
	page := strings.Repeat("<p>The ceasefire held for a third day.</p>\n", 50)
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != DefaultUserAgent {
			http.Error(w, "bad user agent "+ua, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(page))
			zw.Close()
			return
		}
		w.Write([]byte(page))
	})
	mux.HandleFunc("/hop/{n}", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscan(r.PathValue("n"), &n)
		if n == 0 {
			w.Write([]byte("arrived"))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { wait(r, 5*time.Second) })
	mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<p>first part"))
		w.(http.Flusher).Flush()
		wait(r, 5*time.Second)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 3<<20)))
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "gone", http.StatusGone) })
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", http.StatusBadGateway) })
	srv := newServer(t, mux)

	tests := []struct {
		name, reason string
		opt          FetchOptions
		path         string
		wantBody     string
		wantErr      string
	}{
		{"gzip", "gzip is accepted and decoded", FetchOptions{AllowPrivate: true}, "/page", page, ""},
		{"redirects", "five redirects are followed", FetchOptions{AllowPrivate: true}, "/hop/5", "arrived", ""},
		{"too many redirects", "a sixth is refused", FetchOptions{AllowPrivate: true}, "/hop/6", "",
			"fetching " + srv.URL + "/hop/6: too many redirects (more than 5)"},
		{"fewer redirects", "MaxRedirects lowers the limit", FetchOptions{AllowPrivate: true, MaxRedirects: 1}, "/hop/2", "",
			"too many redirects (more than 1)"},
		{"timeout", "a server slower than Timeout times out", FetchOptions{AllowPrivate: true, Timeout: 100 * time.Millisecond}, "/slow", "",
			"fetching " + srv.URL + "/slow: timeout after 100ms"},
		{"timeout in body", "Timeout bounds the whole of Get", FetchOptions{AllowPrivate: true, Timeout: 200 * time.Millisecond}, "/slowbody", "",
			"fetching " + srv.URL + "/slowbody: timeout after 200ms"},
		{"size limit", "a body over MaxBytes is refused", FetchOptions{AllowPrivate: true, MaxBytes: 2 << 20}, "/big", "",
			"fetching " + srv.URL + "/big: response larger than 2 MB"},
		{"4xx", "a client error status is an error", FetchOptions{AllowPrivate: true}, "/gone", "",
			"fetching " + srv.URL + "/gone: HTTP 410 Gone"},
		{"5xx", "a server error status is an error", FetchOptions{AllowPrivate: true}, "/fail", "",
			"fetching " + srv.URL + "/fail: HTTP 502 Bad Gateway"},
		{"private", "loopback is refused without AllowPrivate", FetchOptions{}, "/page", "",
			"fetching " + srv.URL + "/page: refusing private address 127.0.0.1 (use --allow-private)"},
		{"private redirect", "the address is checked for each hop", FetchOptions{}, "/hop/1", "",
			"refusing private address 127.0.0.1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFetcher(tc.opt)
			resp, err := f.Get(t.Context(), srv.URL+tc.path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("%s: Get = %v; want error containing %q", tc.reason, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			if string(resp.Body) != tc.wantBody {
				t.Errorf("%s: body %.60q…; want %.60q…", tc.reason, resp.Body, tc.wantBody)
			}
		})
	}
}

func TestFetcherErrorTypes(t *testing.T) {
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}))
	_, err := NewFetcher(FetchOptions{AllowPrivate: true}).Get(t.Context(), srv.URL)
	se, ok := errors.AsType[*StatusError](err)
	if !ok || se.Code != 503 || !se.Temporary() {
		t.Errorf("Get = %v; want a temporary *StatusError 503", err)
	}
	_, err = NewFetcher(FetchOptions{}).Get(t.Context(), srv.URL)
	if pe, ok := errors.AsType[*PrivateAddressError](err); !ok || pe.Addr != netip.MustParseAddr("127.0.0.1") {
		t.Errorf("Get = %v; want a *PrivateAddressError for 127.0.0.1", err)
	}
	for _, u := range []string{"ftp://x.example/a", "http:///nohost"} {
		if _, err := NewFetcher(FetchOptions{}).Get(t.Context(), u); err == nil || !strings.Contains(err.Error(), u) {
			t.Errorf("Get(%q) = %v; want an error naming it", u, err)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"8.8.8.8", true},
		{"93.184.216.34", true},
		{"2606:4700:4700::1111", true},
		{"127.0.0.1", false},
		{"127.1.2.3", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"172.31.255.255", false},
		{"172.32.0.1", true},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},      // CGNAT
		{"100.127.255.255", false},
		{"100.128.0.1", true},
		{"0.0.0.0", false},
		{"255.255.255.255", false},
		{"224.0.0.1", false},
		{"::", false},
		{"::1", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"::ffff:10.0.0.1", false}, // IPv4-mapped
		{"::ffff:8.8.8.8", true},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
		{"2002:a00:1::1", false},  // 6to4 of 10.0.0.1
		{"2002:808:808::1", true}, // 6to4 of 8.8.8.8
	}
	for _, tc := range tests {
		if got := publicAddr(netip.MustParseAddr(tc.addr)); got != tc.want {
			t.Errorf("publicAddr(%s) = %v; want %v", tc.addr, got, tc.want)
		}
	}
	// The refusal names the address as dialled.
	err := refusePrivate("tcp4", "10.0.0.1:443", nil)
	if err == nil || err.Error() != "refusing private address 10.0.0.1 (use --allow-private)" {
		t.Errorf("refusePrivate = %v", err)
	}
}

func TestConditionalGet(t *testing.T) {
	var hits, notModified atomic.Int32
	feed := mustRead(t, "testdata/feed.rss")
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		const etag = `"v1"`
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", "Tue, 17 Oct 2023 15:00:00 GMT")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	cache := &MemoryCache{}
	opt := Options{Client: NewFetcher(FetchOptions{AllowPrivate: true, Cache: cache})}
	first, fails := readAll(t, []string{srv.URL + "/feed"}, opt)
	if len(first) != 2 || len(fails) != 0 {
		t.Fatalf("first read: %d items, failures %v; want 2 items", len(first), fails)
	}
	if etag, lm, _ := cache.Validators(t.Context(), srv.URL+"/feed"); etag != `"v1"` || lm == "" {
		t.Errorf("validators stored: %q %q", etag, lm)
	}
	second, fails := readAll(t, []string{srv.URL + "/feed"}, opt)
	if len(second) != 0 || len(fails) != 0 {
		t.Errorf("second read: %d items, failures %v; want none (304)", len(second), fails)
	}
	if hits.Load() != 2 || notModified.Load() != 1 {
		t.Errorf("%d requests, %d answered 304; want 2, 1", hits.Load(), notModified.Load())
	}

	// Get reports NotModified.
	resp, err := opt.Client.Get(t.Context(), srv.URL+"/feed")
	if err != nil || !resp.NotModified || resp.Body != nil {
		t.Errorf("Get = %+v, %v; want NotModified", resp, err)
	}
}

func TestConditionalGetPagesNotCached(t *testing.T) {
	// Validators are kept for feeds only: a page is read each time.
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"p1"`)
		w.Write(mustRead(t, "testdata/articles/balloon.html"))
	}))
	opt := Options{Client: NewFetcher(FetchOptions{AllowPrivate: true, Cache: &MemoryCache{}})}
	for i := range 2 {
		got, fails := readAll(t, []string{srv.URL + "/balloon"}, opt)
		if len(got) != 1 || len(fails) != 0 {
			t.Errorf("read %d: %d items, failures %v; want 1 item", i+1, len(got), fails)
		}
	}
}

func TestURLInputs(t *testing.T) {
	mux := http.NewServeMux()
	var srvURL string
	summaryFeed := func() string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Summit opens</title><link>` + srvURL + `/story/1</link><description>Leaders arrive in Vilnius.</description></item>
<item><title>Summit closes</title><link>/story/2</link><description>No date for Ukraine.</description></item>
<item><title>Missing page</title><link>/story/404</link><description>A story that is gone.</description></item>
<item><title>Long summary</title><link>/story/3</link><description>` + strings.Repeat("word ", 100) + `</description></item>
</channel></rss>`
	}
	story := func(n string) string {
		return "<!DOCTYPE html><html><head><title>Story " + n + "</title></head><body><p>Full story " + n + ".</p></body></html>"
	}
	var storyHits atomic.Int32
	mux.HandleFunc("/wire.rss", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(summaryFeed()))
	})
	mux.HandleFunc("/story/{n}", func(w http.ResponseWriter, r *http.Request) {
		storyHits.Add(1)
		if r.PathValue("n") == "404" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(story(r.PathValue("n"))))
	})
	mux.HandleFunc("/a.atom", func(w http.ResponseWriter, r *http.Request) { w.Write(mustRead(t, "testdata/feed.atom")) })
	mux.HandleFunc("/b.json", func(w http.ResponseWriter, r *http.Request) { w.Write(mustRead(t, "testdata/feed.json")) })
	mux.HandleFunc("/list.opml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="Security"><outline text="A" xmlUrl="%s/a.atom"/></outline>
<outline text="B" xmlUrl="/b.json"/></body></opml>`, srvURL)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("<html><body><p>Caf\xe9 talks in Gen\xe8ve.</p></body></html>"))
	})
	mux.HandleFunc("/notes.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown")
		w.Write([]byte("Plain notes, typed as Markdown by the server.\n"))
	})
	srv := newServer(t, mux)
	srvURL = srv.URL

	t.Run("page", func(t *testing.T) {
		got, fails := readAll(t, []string{srv.URL + "/page"}, Options{AllowPrivate: true})
		want := []Item{{Input: srv.URL + "/page", Format: "html", RawType: "text/html; charset=windows-1252", URL: srv.URL + "/page",
			HTML: "<html><body><p>Café talks in Genève.</p></body></html>"}}
		if diff := cmp.Diff(want, got, ignoreRaw); diff != "" || len(fails) > 0 {
			t.Errorf("the HTTP charset is honoured (-want +got):\n%s\nfailures %v", diff, fails)
		}
	})
	t.Run("content type breaks ties", func(t *testing.T) {
		got, _ := readAll(t, []string{srv.URL + "/notes.md"}, Options{AllowPrivate: true})
		if len(got) != 1 || got[0].Format != "markdown" {
			t.Errorf("got %+v; want one markdown item", got)
		}
	})
	t.Run("fetch pages", func(t *testing.T) {
		storyHits.Store(0)
		got, fails := readAll(t, []string{srv.URL + "/wire.rss"}, Options{AllowPrivate: true, FetchPages: true})
		if len(fails) > 0 {
			t.Fatalf("failures: %v", fails)
		}
		type view struct{ Input, URL, HTML, Summary, RawType, Warn string }
		var views []view
		for _, it := range got {
			views = append(views, view{it.Input, it.URL, it.HTML, it.Summary, it.RawType, it.Warn})
		}
		u := srv.URL
		want := []view{
			{u + "/wire.rss#1", u + "/story/1", story("1"), "Leaders arrive in Vilnius.", "text/html", ""},
			{u + "/wire.rss#2", u + "/story/2", story("2"), "No date for Ukraine.", "text/html", ""},
			{u + "/wire.rss#3", u + "/story/404", "A story that is gone.", "", "application/json",
				"linked page not fetched: fetching " + u + "/story/404: HTTP 404 Not Found"},
			{u + "/wire.rss#4", u + "/story/3", strings.TrimSpace(strings.Repeat("word ", 100)), "", "application/json", ""},
		}
		if diff := cmp.Diff(want, views); diff != "" {
			t.Errorf("short summaries get their linked page (-want +got):\n%s", diff)
		}
		if string(got[0].Raw) != story("1") {
			t.Errorf("Raw of a fetched page is the page: %q", got[0].Raw)
		}
		if n := storyHits.Load(); n != 3 {
			t.Errorf("%d pages fetched; want 3", n)
		}
	})
	t.Run("no fetch pages", func(t *testing.T) {
		storyHits.Store(0)
		got, _ := readAll(t, []string{srv.URL + "/wire.rss"}, Options{AllowPrivate: true})
		if len(got) != 4 || got[0].HTML != "Leaders arrive in Vilnius." || storyHits.Load() != 0 {
			t.Errorf("without FetchPages no page is fetched: %d items, %d fetches", len(got), storyHits.Load())
		}
	})
	t.Run("feed file", func(t *testing.T) {
		// A feed read from a file gets no pages fetched, FetchPages or not.
		storyHits.Store(0)
		name := writeFile(t, t.TempDir()+"/wire.rss", []byte(summaryFeed()))
		got, _ := readAll(t, []string{name}, Options{AllowPrivate: true, FetchPages: true})
		if len(got) != 4 || storyHits.Load() != 0 {
			t.Errorf("%d items, %d fetches; want 4 items, no fetch", len(got), storyHits.Load())
		}
	})
	t.Run("opml url", func(t *testing.T) {
		got, fails := readAll(t, []string{srv.URL + "/list.opml"}, Options{AllowPrivate: true})
		want := []string{srv.URL + "/a.atom#1", srv.URL + "/a.atom#2", srv.URL + "/b.json#1", srv.URL + "/b.json#2"}
		if diff := cmp.Diff(want, inputs(got)); diff != "" || len(fails) > 0 {
			t.Errorf("OPML feeds, a relative one resolved (-want +got):\n%s\nfailures %v", diff, fails)
		}
	})
	t.Run("opml file", func(t *testing.T) {
		opml := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Two feeds</title></head><body>
<outline text="A" type="rss" xmlUrl="%s/a.atom"/>
<outline text="Wire" type="rss" xmlUrl="%s/wire.rss"/>
</body></opml>`, srv.URL, srv.URL)
		name := writeFile(t, t.TempDir()+"/feeds.opml", []byte(opml))
		storyHits.Store(0)
		got, fails := readAll(t, []string{name}, Options{AllowPrivate: true, FetchPages: true})
		if len(fails) > 0 {
			t.Fatalf("failures: %v", fails)
		}
		want := []string{srv.URL + "/a.atom#1", srv.URL + "/a.atom#2",
			srv.URL + "/wire.rss#1", srv.URL + "/wire.rss#2", srv.URL + "/wire.rss#3", srv.URL + "/wire.rss#4"}
		if diff := cmp.Diff(want, inputs(got)); diff != "" {
			t.Errorf("OPML file feeds (-want +got):\n%s", diff)
		}
		if storyHits.Load() != 3 {
			t.Errorf("feeds listed in OPML are URL feeds: %d pages fetched, want 3", storyHits.Load())
		}
	})
}
