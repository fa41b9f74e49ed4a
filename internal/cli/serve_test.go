package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for a server goroutine to write
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeDashboard runs "georisk serve" over the demo corpus as a user would:
// configured by a file, the environment and flags, it serves the dashboard
// and the API, logs each request as a JSON line, and stops cleanly when
// interrupted.
func TestServeDashboard(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if r := run(t, dir, "", "demo", "--db", db, "--no-serve"); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	cfgFile := filepath.Join(dir, "georisk.json")
	tokFile := filepath.Join(dir, "token")
	os.WriteFile(cfgFile, []byte(`{"addr": "127.0.0.1:1", "watch": ["China-Japan"], "request_timeout": "5s"}`), 0o600)
	os.WriteFile(tokFile, []byte("t0ken\n"), 0o600)
	envs := map[string]string{"GEORISK_TOKEN_FILE": tokFile}

	// --print-config shows what the three sources add up to, token hidden.
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Dir: dir, Getenv: func(k string) string { return envs[k] }}
	if err := Run(t.Context(), []string{"serve", "--db", db, "--config", cfgFile, "--addr", "127.0.0.1:0", "--print-config"}, env); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, `"addr": "127.0.0.1:0"`) || !strings.Contains(s, `"request_timeout": "5s"`) || strings.Contains(s, "t0ken") || !strings.Contains(s, "redacted") {
		t.Errorf("--print-config:\n%s", s)
	}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stderr := &lockedBuffer{}
	env = &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: stderr, Dir: dir, Getenv: func(k string) string { return envs[k] }}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--db", db, "--config", cfgFile, "--addr", "127.0.0.1:0"}, env)
	}()
	var base string
	re := regexp.MustCompile(`serving on (http://\S+)/`)
	for deadline := time.Now().Add(20 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", stderr.String())
		}
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for path, want := range map[string]string{
		"/healthz":                    "ok",
		"/":                           "China – Japan", // the watched dyad from the config file
		"/api/events?actor=NATO":      `"code":"IGOWSTNAT"`,
		"/documents/1":                `<mark class="actor"`,
		"/api/openapi.json":           `"openapi":"3.0.3"`,
		"/api/tension?dyad=CHN-JPN":   `"index":`,
		"/search?q=gallium+germanium": "export licences",
	} {
		if code, body := get(path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s = %d, want 200 with %q", path, code, want)
		}
	}
	req, _ := http.NewRequest("POST", base+"/api/documents", strings.NewReader(`{"title": "Seoul and Tokyo agree talks", "date": "2023-08-20", "text": "South Korea and Japan agreed on Sunday to hold regular security talks."}`))
	req.Header.Set("Authorization", "Bearer t0ken")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 201 {
		t.Errorf("POST with the token from GEORISK_TOKEN_FILE: %v %v", resp, err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after interrupt: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15 s of the interrupt")
	}
	logs := stderr.String()
	if !regexp.MustCompile(`\{"time":"[^"]+","level":"INFO","msg":"request","component":"web","method":"GET","path":"/healthz","status":200`).MatchString(logs) {
		t.Errorf("no structured access log line for /healthz:\n%s", logs)
	}
	if strings.Contains(logs, "t0ken") {
		t.Error("the token appears in the logs")
	}
}

func TestServeBadConfig(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"adress": "x"}`), 0o600)
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--config", bad}, 1, `unknown field "adress"`},
		{[]string{"serve", "--addr", "nowhere"}, 2, "want HOST:PORT"},
		{[]string{"serve", "--protect-reads"}, 2, "needs an API token"},
		{[]string{"serve", "--config", filepath.Join(dir, "missing.json")}, 1, "reading the config"},
	} {
		r := run(t, dir, "", tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("georisk %s: exit %d, stderr %q; want %d with %q", strings.Join(tt.args, " "), r.code, r.stderr, tt.code, tt.want)
		}
	}
}
