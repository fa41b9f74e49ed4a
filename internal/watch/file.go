// Package watch holds priority intelligence requirements — what a user
// wants watched: dyads, actors, CAMEO codes, keywords and countries, each
// with a metric and thresholds — in a YAML file, and evaluates them: it
// computes each watch's series (through internal/analyze, from the store's
// rollups), runs the detectors on it, and returns alerts with the events
// and sentences behind them, plus a correlated-signal alert when two or
// more watches move inside one window.
//
// The file is decoded strictly: an unknown key, a bad value or a duplicate
// watch name is an error naming the file and line. Nothing is kept between
// calls; functions are safe for concurrent use when their store is.
package watch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Metrics a watch can follow.
const (
	MetricEvents        = "events"         // events per bucket (Poisson)
	MetricConflict      = "conflict"       // quad 3 and 4 events per bucket (Poisson)
	MetricGoldstein     = "goldstein"      // mean Goldstein (EWMA, CUSUM)
	MetricConflictShare = "conflict_share" // conflict events over all (EWMA, CUSUM)
	MetricTension       = "tension"        // the dyad tension index (EWMA, CUSUM); dyads only
)

var metrics = []string{MetricEvents, MetricConflict, MetricGoldstein, MetricConflictShare, MetricTension}

// Detectors.
var detectors = []string{"ewma", "poisson", "negbin", "cusum"}

// Watch is one priority intelligence requirement. Exactly one of Dyad,
// Actor, Countries and Keywords says what to count; Codes narrows events
// to CAMEO code prefixes.
type Watch struct {
	Name      string   `yaml:"name"`
	Dyad      string   `yaml:"dyad,omitempty"`      // "CHN-NATO" (either way) or "CHN->NATO"
	Actor     string   `yaml:"actor,omitempty"`     // an actor or @GROUP
	Countries []string `yaml:"countries,omitempty"` // any event involving one of them
	Keywords  []string `yaml:"keywords,omitempty"`  // stories whose text matches any (full-text search)
	Codes     []string `yaml:"codes,omitempty"`     // CAMEO code prefixes: "11", "172"
	Metric    string   `yaml:"metric,omitempty"`    // default events (conflict for a dyad)
	By        string   `yaml:"by,omitempty"`        // day (default) or week
	Detectors []string `yaml:"detectors,omitempty"` // default: poisson and cusum for counts, ewma and cusum otherwise
	// Thresholds; zero means the detector's default.
	Thresholds Thresholds `yaml:"thresholds,omitempty"`
	// MinSeverity drops weaker alerts: low (default), medium or high.
	MinSeverity string `yaml:"min_severity,omitempty"`

	// Line is where the watch starts in its file (0 when not from a file).
	Line int `yaml:"-"`
}

// Thresholds tune the detectors of a watch.
type Thresholds struct {
	EWMAZ        float64 `yaml:"ewma_z,omitempty"`        // |z| to flag; default 3
	PoissonAlpha float64 `yaml:"poisson_alpha,omitempty"` // tail probability; default 0.001
	CUSUMH       float64 `yaml:"cusum_h,omitempty"`       // decision threshold in std; default 5
	MinEvents    int     `yaml:"min_events,omitempty"`    // ignore buckets with fewer events; default 3
}

// File is a watch file.
type File struct {
	Watches []Watch `yaml:"watches"`
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`)

// LineError is a problem at a line of a watch file.
type LineError struct {
	File string
	Line int
	Err  error
}

func (e *LineError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// Parse decodes and validates a watch file; name is used in errors.
func Parse(name string, r io.Reader) (File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", name, err)
	}
	var f File
	if len(bytes.TrimSpace(data)) == 0 {
		return f, nil
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return File{}, yamlError(name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return File{}, yamlError(name, err)
	}
	// Lines of the watches, from the node tree.
	if len(root.Content) == 1 {
		doc := root.Content[0]
		for i := 0; i+1 < len(doc.Content); i += 2 {
			if doc.Content[i].Value == "watches" && doc.Content[i+1].Kind == yaml.SequenceNode {
				for j, n := range doc.Content[i+1].Content {
					if j < len(f.Watches) {
						f.Watches[j].Line = n.Line
					}
				}
			}
		}
	}
	seen := map[string]int{}
	for i := range f.Watches {
		w := &f.Watches[i]
		if err := w.Validate(); err != nil {
			return File{}, &LineError{name, w.Line, err}
		}
		if l, dup := seen[w.Name]; dup {
			return File{}, &LineError{name, w.Line, fmt.Errorf("watch %q is already defined at line %d", w.Name, l)}
		}
		seen[w.Name] = w.Line
	}
	return f, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// yamlError turns the YAML decoder's "yaml: line 3: …" (or a list of
// them) into file:line errors.
func yamlError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var errs []error
		for _, e := range te.Errors {
			errs = append(errs, lineErr(name, e))
		}
		return errors.Join(errs...)
	}
	return lineErr(name, strings.TrimPrefix(err.Error(), "yaml: "))
}

func lineErr(name, msg string) error {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return &LineError{name, line, errors.New(m[2])}
	}
	return &LineError{name, 0, errors.New(msg)}
}

// Validate checks a watch and fills its defaults.
func (w *Watch) Validate() error {
	if !nameRE.MatchString(w.Name) {
		return fmt.Errorf("watch name %q: want 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit", w.Name)
	}
	n := 0
	for _, set := range []bool{w.Dyad != "", w.Actor != "", len(w.Countries) > 0, len(w.Keywords) > 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		return fmt.Errorf("watch %q: give exactly one of dyad, actor, countries and keywords (got %d)", w.Name, n)
	}
	if w.Dyad != "" {
		a, b, ok := strings.Cut(w.Dyad, "->")
		if !ok {
			a, b, ok = strings.Cut(w.Dyad, "-")
		}
		if !ok || strings.TrimSpace(a) == "" || strings.TrimSpace(b) == "" {
			return fmt.Errorf("watch %q: dyad %q: want A-B or A->B", w.Name, w.Dyad)
		}
	}
	for _, k := range w.Keywords {
		if strings.TrimSpace(k) == "" {
			return fmt.Errorf("watch %q: empty keyword", w.Name)
		}
	}
	for _, c := range w.Countries {
		if strings.TrimSpace(c) == "" {
			return fmt.Errorf("watch %q: empty country", w.Name)
		}
	}
	for _, c := range w.Codes {
		if c == "" || strings.Trim(c, "0123456789") != "" || len(c) > 4 {
			return fmt.Errorf("watch %q: code %q: want a CAMEO code or prefix of 1-4 digits", w.Name, c)
		}
	}
	if w.Metric == "" {
		w.Metric = MetricEvents
		if w.Dyad != "" {
			w.Metric = MetricConflict
		}
	}
	if !slices.Contains(metrics, w.Metric) {
		return fmt.Errorf("watch %q: metric %q: want one of %s", w.Name, w.Metric, strings.Join(metrics, ", "))
	}
	if w.Metric == MetricTension && w.Dyad == "" {
		return fmt.Errorf("watch %q: metric tension needs a dyad", w.Name)
	}
	if len(w.Keywords) > 0 && w.Metric != MetricEvents {
		return fmt.Errorf("watch %q: a keyword watch counts stories: metric must be events, not %q", w.Name, w.Metric)
	}
	if w.By == "" {
		w.By = "day"
	}
	if w.By != "day" && w.By != "week" {
		return fmt.Errorf("watch %q: by %q: want day or week", w.Name, w.By)
	}
	for _, d := range w.Detectors {
		if !slices.Contains(detectors, d) {
			return fmt.Errorf("watch %q: detector %q: want one of %s", w.Name, d, strings.Join(detectors, ", "))
		}
		if (d == "poisson" || d == "negbin") && !w.counts() {
			return fmt.Errorf("watch %q: detector %s needs a count metric (events or conflict), not %s", w.Name, d, w.Metric)
		}
	}
	if len(w.Detectors) == 0 {
		if w.counts() {
			w.Detectors = []string{"poisson", "cusum"}
		} else {
			w.Detectors = []string{"ewma", "cusum"}
		}
	}
	t := w.Thresholds
	if t.EWMAZ < 0 || t.CUSUMH < 0 || t.MinEvents < 0 || t.PoissonAlpha < 0 || t.PoissonAlpha >= 1 {
		return fmt.Errorf("watch %q: thresholds: want ewma_z, cusum_h and min_events >= 0 and poisson_alpha in [0, 1)", w.Name)
	}
	switch w.MinSeverity {
	case "":
		w.MinSeverity = "low"
	case "low", "medium", "high":
	default:
		return fmt.Errorf("watch %q: min_severity %q: want low, medium or high", w.Name, w.MinSeverity)
	}
	return nil
}

func (w *Watch) counts() bool { return w.Metric == MetricEvents || w.Metric == MetricConflict }

// Load reads a watch file; a missing file is an empty one.
func Load(path string) (File, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return File{}, nil
	}
	if err != nil {
		return File{}, fmt.Errorf("opening watch file: %w", err)
	}
	defer f.Close()
	return Parse(path, f)
}

// Save writes a watch file atomically (a temporary file renamed over it).
func Save(path string, f File) error {
	var b bytes.Buffer
	b.WriteString("# georisk watches: priority intelligence requirements (georisk help watch)\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
