package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	iofs "io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// pages holds one parsed template set per page: the layout, the partials
// and the page's own file.
type pages struct {
	sets map[string]*template.Template
}

// parsePages parses every page under templates/ against the layout and
// partials (files starting with "_"); any error is returned at once.
func parsePages(fsys iofs.FS, as *assets) (*pages, error) {
	funcs := template.FuncMap{
		"asset": as.url,
		"day": func(t time.Time) string {
			if t.IsZero() {
				return "undated"
			}
			return t.UTC().Format("2006-01-02")
		},
		"quadName": quadName,
		"quadClass": func(q int) string {
			switch q {
			case 1, 2:
				return "coop"
			case 3, 4:
				return "conflict"
			}
			return "neutral"
		},
		"pct":     func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"f1":      func(f float64) string { return fmt.Sprintf("%.1f", f) },
		"f2":      func(f float64) string { return fmt.Sprintf("%.2f", f) },
		"join":    strings.Join,
		"bar":     barClass,
		"deref":   func(p *float64) float64 { return *p },
		"deref_b": func(p *bool) bool { return p != nil && *p },
	}
	base := template.New("").Funcs(funcs)
	names, err := iofs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var partials, pageFiles []string
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") {
			partials = append(partials, n)
		} else {
			pageFiles = append(pageFiles, n)
		}
	}
	if len(partials) > 0 {
		if base, err = base.ParseFS(fsys, partials...); err != nil {
			return nil, fmt.Errorf("parsing templates: %w", err)
		}
	}
	if base.Lookup("layout") == nil {
		return nil, fmt.Errorf("parsing templates: no layout template")
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, f := range pageFiles {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("parsing templates: %w", err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("parsing templates: %s defines no content", f)
		}
		p.sets[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return p, nil
}

// render executes a page into a buffer first, so that a template error
// becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, data map[string]any) {
	t, ok := s.pages.sets[page]
	if !ok {
		s.opt.Logger.Error("no such page template", slog.String("page", page))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	data["Page"] = page
	data["Path"] = r.URL.Path
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.opt.Logger.Error("rendering a page", slog.String("page", page), slog.Any("error", err))
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintln(w, "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

func quadName(q int) string {
	switch q {
	case 1:
		return "verbal cooperation"
	case 2:
		return "material cooperation"
	case 3:
		return "verbal conflict"
	case 4:
		return "material conflict"
	}
	return "unknown"
}
