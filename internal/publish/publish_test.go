package publish

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/lint"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "brief.md")
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "old"); return err }); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half")
		return errors.New("renderer failed")
	})
	if err == nil {
		t.Fatal("a failed render reported no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("%d files in the folder after a failed write; want the old one only", len(es))
	}
}

func sampleInputs() Inputs {
	day := func(d int) time.Time { return time.Date(2023, 7, d, 0, 0, 0, 0, time.UTC) }
	body := "China denounced the communique. It said NATO may expand into Asia."
	d := &event.Document{ID: 1, StoryID: 1, Source: "Wire", Title: "China denounces", Body: body, Published: day(12), URL: "https://wire.example/1"}
	evs := []event.Event{
		{ID: 1, DocID: 1, Date: day(12), Code: "111", Quad: 3, Goldstein: -2, Source: event.Actor{Code: "CHNGOV"}, Target: event.Actor{Code: "IGOWSTNAT"},
			Evidence: event.Evidence{Sentence: event.Span{Start: 32, End: len(body)}}},
		{ID: 2, DocID: 1, Date: day(11), Code: "036", Quad: 1, Goldstein: 4, Source: event.Actor{Code: "IGOWSTNAT"}, Target: event.Actor{Code: "CHN"},
			Evidence: event.Evidence{Sentence: event.Span{Start: 0, End: 31}}},
	}
	return Inputs{Subject: "China–NATO", Since: day(1), Until: day(31), Now: day(31), Events: evs, Docs: map[int64]*event.Document{1: d}}
}

func TestComposeAndRender(t *testing.T) {
	b, err := Compose(sampleInputs())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Developments) != 1 || len(b.Sources) != 1 || b.ReadingMinutes < 1 {
		t.Errorf("brief: %d developments, %d sources, %d min", len(b.Developments), len(b.Sources), b.ReadingMinutes)
	}
	var md, html, pdf bytes.Buffer
	if err := Markdown(&md, b); err != nil {
		t.Fatal(err)
	}
	if err := HTML(&html, b); err != nil {
		t.Fatal(err)
	}
	// The quoted "may" is the source's, not the brief's.
	if fs := lint.Check("b.md", md.Bytes()); len(fs) > 0 {
		t.Errorf("lint on the Markdown brief: %v", fs)
	}
	if fs := lint.Check("b.html", html.Bytes()); len(fs) > 0 {
		t.Errorf("lint on the HTML brief: %v", fs)
	}
	if !strings.Contains(html.String(), "<svg") {
		t.Error("no chart in the HTML brief")
	}
	used, err := PDF(t.Context(), &pdf, b, PDFOptions{Pure: true})
	if err != nil || used != "fpdf" || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Errorf("pure PDF: %s, %v, %q", used, err, pdf.Bytes()[:min(pdf.Len(), 8)])
	}
	in := sampleInputs()
	in.Since, in.Until = in.Since.AddDate(-1, 0, 0), in.Until.AddDate(-1, 0, 0)
	in.Events = nil
	if _, err := Compose(in); err == nil || !strings.Contains(err.Error(), "no events for China–NATO") {
		t.Errorf("empty window: %v", err)
	}
}
