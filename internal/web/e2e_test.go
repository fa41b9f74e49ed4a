package web_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestBrowser builds the real binary, runs "georisk demo" on loopback with a
// fresh SQLite file of the bundled corpus, and drives Chromium through it as
// an analyst would: the dashboard, a click on a chart point through to the
// sentence behind it, a search, a document, the map. It fails on any
// console error and saves a screenshot of every step in $GEORISK_ARTIFACTS
// (or the test's temporary directory).
func TestBrowser(t *testing.T) {
	chromium := ""
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		t.Skip("no Chromium at /usr/bin/chromium: apt-get install -y chromium to run the browser test")
	}
	if testing.Short() {
		t.Skip("the browser test builds the binary and runs Chromium; skipped with -short")
	}
	arts := os.Getenv("GEORISK_ARTIFACTS")
	if arts == "" {
		arts = t.TempDir()
	} else if err := os.MkdirAll(arts, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", arts)

	dir := t.TempDir()
	bin := filepath.Join(dir, "georisk")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.CommandContext(t.Context(), gobin, "build", "-o", bin, "github.com/georisk/georisk/cmd/georisk").CombinedOutput(); err != nil {
		t.Fatalf("building georisk: %v\n%s", err, out)
	}
	url := startDemo(t, bin, dir)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(dir, "chrome")), chromedp.WindowSize(1280, 1000))
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()

	// Console messages of every page: errors and exceptions fail the test.
	cctx, ccancel := context.WithCancel(bctx)
	var mu sync.Mutex
	var problems []string
	consoleDone := make(chan struct{})
	messages := chromedp.Console(cctx)
	go func() {
		defer close(consoleDone)
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(arts, name+".png"), buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	location := func() string {
		t.Helper()
		loc, err := chromedp.Run(bctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}

	// 1. The dashboard draws its charts.
	do("dashboard", chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(`.chart[data-kind="tension"][data-ready="1"] canvas`)),
		chromedp.WaitVisible(chromedp.CSS(`.chart[data-kind="gpr"][data-ready="1"] canvas`)))
	shot("1-dashboard")

	// 2. Click the busiest week of the first dyad chart that has events:
	// the events of that week open, each with its sentence.
	type point struct {
		X, Y  float64
		Start string
	}
	pt, err := chromedp.Run(bctx, chromedp.Evaluate[*point](`(() => {
		for (const el of document.querySelectorAll('.chart[data-kind="tension"][data-ready="1"]')) {
			const u = el.georiskChart, ps = el.georiskPoints;
			let best = -1;
			ps.forEach((p, i) => { if (p.events > 0 && (best < 0 || p.events > ps[best].events)) best = i; });
			if (best < 0) continue;
			el.scrollIntoView({block: "center"});
			const r = u.over.getBoundingClientRect();
			return {X: Math.min(r.left + u.valToPos(u.data[0][best], "x"), r.right - 2), Y: r.top + r.height / 2, Start: ps[best].start};
		}
		return null;
	})()`))
	if err != nil || pt == nil {
		t.Fatalf("no dyad chart has a week with events (%v)", err)
	}
	do("hover the chart point", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, pt.X, pt.Y), chromedp.Sleep(150*time.Millisecond))
	do("click the chart point", chromedp.MouseClickXY(pt.X, pt.Y))
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(location(), "/events?"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the chart click did not open the events: still at %s", location())
		}
	}
	do("events of the week", chromedp.WaitVisible(chromedp.CSS(`table.events a.sentence`)))
	shot("2-chart-point-events")
	if loc := location(); !strings.Contains(loc, "/events?") || !strings.Contains(loc, "since="+pt.Start) {
		t.Fatalf("the chart click went to %s, want the events of the week of %s", loc, pt.Start)
	}
	sentence := text(`a.sentence`)
	if len(sentence) < 20 {
		t.Fatalf("the first event's sentence is %q", sentence)
	}

	// 3. The sentence opens the document at that sentence, highlighted.
	do("open the sentence", chromedp.Click(chromedp.CSS(`a.sentence`)), chromedp.WaitVisible(chromedp.CSS(`.explain .s:target`)))
	shot("3-document-sentence")
	if got := text(`.explain .s:target`); norm(got) != norm(sentence) {
		t.Errorf("the document's targeted sentence is %q, want %q", got, sentence)
	}
	if trig := text(`.explain .s:target mark.trigger`); trig == "" {
		t.Errorf("the targeted sentence has no highlighted event trigger")
	}

	// 4. Search from the header, open the first hit.
	do("search", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`form.search input`)),
		chromedp.SendKeys(chromedp.CSS(`form.search input`), "liaison office Tokyo\r"),
		chromedp.WaitVisible(chromedp.CSS(`ol.hits li a`)))
	shot("4-search")
	title := text(`ol.hits li a`)
	do("open a hit", chromedp.Click(chromedp.CSS(`ol.hits li a`)), chromedp.WaitVisible(chromedp.CSS(`article.doc h1`)))
	shot("5-document")
	if h1 := text(`article.doc h1`); norm(h1) != norm(title) || !strings.Contains(strings.ToLower(h1), "tokyo") {
		t.Errorf("opened %q from the hit %q", h1, title)
	}

	// 5. The map: click China, get China's events.
	do("map", chromedp.Navigate(strings.TrimSuffix(url, "/")+"/map"), chromedp.WaitVisible(chromedp.CSS(`svg.map`)))
	shot("6-map")
	do("click China", chromedp.Click(chromedp.CSS(`svg.map path[data-code="CHN"]`)), chromedp.WaitVisible(chromedp.CSS(`table.events`)))
	shot("7-map-china-events")
	if loc := location(); !strings.Contains(loc, "actor=CHN") {
		t.Errorf("clicking China went to %s", loc)
	}

	// 6. An actor page draws its timeline.
	do("actor", chromedp.Navigate(strings.TrimSuffix(url, "/")+"/actors/CHN"),
		chromedp.WaitVisible(chromedp.CSS(`.chart[data-ready="1"] canvas`)))
	shot("8-actor")

	// 7. The dashboard's latest posts open the demo's published brief,
	// chart and sources included.
	do("brief from the dashboard", chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`ul.latest li a`)),
		chromedp.Click(chromedp.CSS(`ul.latest li a`)), chromedp.WaitVisible(chromedp.CSS(`article.brief h1`)))
	shot("9-brief")
	if loc := location(); !strings.Contains(loc, "/briefs/") {
		t.Errorf("the latest post link went to %s", loc)
	}
	if h1 := text(`article.brief h1`); !strings.Contains(h1, "China") || !strings.Contains(h1, "NATO") {
		t.Errorf("the latest post is %q, want the demo's China–NATO brief", h1)
	}
	do("the brief's chart", chromedp.WaitVisible(chromedp.CSS(`article.brief figure svg`)))
	if src := text(`article.brief ol`); !strings.Contains(src, "reliability") {
		t.Errorf("the brief's sources: %q", src)
	}

	// 8. An assessment page: the exposure table with drivers and judgments.
	do("assessments", chromedp.Navigate(strings.TrimSuffix(url, "/")+"/assess"), chromedp.WaitVisible(chromedp.CSS(`a[href^="/assess/"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/assess/us-aerospace-supplier"]`)), chromedp.WaitVisible(chromedp.CSS(`table.exposure`)),
		chromedp.Navigate(strings.TrimSuffix(url, "/")+"/assess/us-aerospace-supplier?since=2023-07-01&until=2023-09-01"),
		chromedp.WaitVisible(chromedp.CSS(`table.exposure`)))
	shot("10-assessment")
	if j := text(`main`); !strings.Contains(j, "We assess that") || !strings.Contains(j, "Kestrel") {
		t.Errorf("the assessment page lacks its client or judgments")
	}

	ccancel()
	<-consoleDone
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser console: %s", p)
	}
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// startDemo runs "georisk demo --serve" and returns the dashboard's URL;
// the process is stopped (with SIGINT, as Ctrl-C) when the test ends.
func startDemo(t *testing.T, bin, dir string) string {
	t.Helper()
	cmd := exec.Command(bin, "demo", "--db", filepath.Join(dir, "demo.db"), "--serve", "--addr", "127.0.0.1:0")
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		wait := make(chan error, 1)
		go func() { wait <- cmd.Wait() }()
		select {
		case err := <-wait:
			if err != nil {
				t.Errorf("georisk demo did not stop cleanly on SIGINT: %v\n%s", err, stderr.String())
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Error("georisk demo did not stop within 15 s of SIGINT")
		}
	})
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`The dashboard is at (http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		close(urls)
	}()
	select {
	case u, ok := <-urls:
		if !ok {
			t.Fatalf("georisk demo ended without serving:\n%s", stderr.String())
		}
		return u
	case <-time.After(2 * time.Minute):
		t.Fatalf("georisk demo did not print its URL within 2 minutes:\n%s", stderr.String())
	}
	return ""
}
