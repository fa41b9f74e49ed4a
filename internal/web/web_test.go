package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/queue"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store/sqlite"
)

const article = `{"title": "Japan and France hold first fighter drill", "date": "2023-07-26", "source": "Test Wire",
 "text": "Japan and France began their first joint fighter exercise on Wednesday, with French jets flying from a base in Kyushu alongside Japanese aircraft for four days of drills that officials in Tokyo said would deepen defence ties between the two countries."}`

func newServer(t *testing.T, q Publisher) (*httptest.Server, *sqlite.Store) {
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h, err := New(Options{Store: s, Queue: q, Subject: "georisk.ingest", Token: "sekrit", Build: ingest.Build})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, s
}

func do(t *testing.T, method, url, token, body string) (int, string) {
	req, _ := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAPI(t *testing.T) {
	srv, _ := newServer(t, nil)
	tests := []struct {
		name, method, path, token, body string
		code                            int
		contains                        string
	}{
		{"health", "GET", "/healthz", "", "", 200, "ok"},
		{"no token", "POST", "/api/documents", "", article, 401, "API token"},
		{"wrong token", "POST", "/api/documents", "nope", article, 401, "API token"},
		{"bad json", "POST", "/api/documents", "sekrit", `{"title": 3}`, 400, "JSON object"},
		{"unknown field", "POST", "/api/documents", "sekrit", `{"txt": "x"}`, 400, "unknown field"},
		{"url without queue", "POST", "/api/documents", "sekrit", `{"url": "https://example.org/a"}`, 400, "no work queue"},
		{"stored", "POST", "/api/documents", "sekrit", article, 201, `"status":"added"`},
		{"again", "POST", "/api/documents", "sekrit", article, 200, `"status":"exists"`},
		{"list", "GET", "/api/documents", "", "", 200, "first fighter drill"},
		{"one", "GET", "/api/documents/1", "", "", 200, "Kyushu"},
		{"missing", "GET", "/api/documents/99", "", "", 404, "no document 99"},
		{"bad id", "GET", "/api/documents/x", "", "", 400, "number"},
		{"bad limit", "GET", "/api/documents?limit=-1", "", "", 400, "limit"},
		{"events", "GET", "/api/events", "", "", 200, "["},
		{"metrics", "GET", "/metrics", "", "", 200, "georisk_documents 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := do(t, tt.method, srv.URL+tt.path, tt.token, tt.body)
			if code != tt.code || !strings.Contains(body, tt.contains) {
				t.Errorf("%s %s = %d %s; want %d containing %q", tt.method, tt.path, code, body, tt.code, tt.contains)
			}
		})
	}
	_, m := do(t, "GET", srv.URL+"/metrics", "", "")
	if !strings.Contains(m, `georisk_http_requests_total{code="4xx"}`) || !strings.Contains(m, `georisk_api_documents_total{outcome="stored"} 2`) {
		t.Errorf("metrics lack request counts:\n%s", m)
	}
}

func TestAPIQueue(t *testing.T) {
	q := queue.NewMemory(queue.Options{})
	t.Cleanup(func() { q.Close() })
	srv, _ := newServer(t, q)
	code, body := do(t, "POST", srv.URL+"/api/documents", "sekrit", `{"url": "https://harbourpost.example/2023/07/12/nato"}`)
	if code != 202 || !strings.Contains(body, `"queued":true`) {
		t.Fatalf("POST url with a queue = %d %s", code, body)
	}
	m, ack, err := q.Read(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var it source.Item
	if err := json.Unmarshal(m.Data, &it); err != nil || it.URL != "https://harbourpost.example/2023/07/12/nato" {
		t.Errorf("queued item %+v (%v)", it, err)
	}
	ack(t.Context(), nil)
}
