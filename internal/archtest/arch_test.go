package archtest

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/georisk/georisk"

type pkg struct {
	docs    []string // files with a package doc comment
	imports map[string]bool
}

// packages parses every non-test Go file of the repository.
func packages(t *testing.T) map[string]*pkg {
	t.Helper()
	root := "../.."
	out := map[string]*pkg{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		name := module + "/" + filepath.ToSlash(rel)
		if rel == "." {
			name = module
		}
		p := out[name]
		if p == nil {
			p = &pkg{imports: map[string]bool{}}
			out[name] = p
		}
		if f.Doc != nil {
			p.docs = append(p.docs, filepath.Base(path))
		}
		for _, im := range f.Imports {
			v, _ := strconv.Unquote(im.Path.Value)
			p.imports[v] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPackageDocs(t *testing.T) {
	for name, p := range packages(t) {
		if len(p.docs) != 1 {
			t.Errorf("%s has %d package doc comments (%v), want exactly 1", name, len(p.docs), p.docs)
		}
	}
}

func TestImports(t *testing.T) {
	pkgs := packages(t)
	ours := func(p *pkg) []string {
		var out []string
		for im := range p.imports {
			if strings.HasPrefix(im, module+"/") {
				out = append(out, strings.TrimPrefix(im, module+"/"))
			}
		}
		sort.Strings(out)
		return out
	}
	rules := []struct {
		pkg    string // prefix, relative to the module
		banned []string
		reason string
	}{
		{"internal/event", []string{"internal/"}, "the domain types import nothing of ours"},
		{"internal/extract", []string{"internal/store", "internal/source", "internal/ingest", "internal/cli"}, "extraction is a library without I/O"},
		{"internal/source", []string{"internal/store", "internal/extract", "internal/ingest", "internal/cli"}, "readers only read"},
		{"internal/store", []string{"internal/source", "internal/ingest", "internal/cli", "internal/extract/"}, "stores do not know the pipeline"},
		{"internal/ingest", []string{"internal/cli", "internal/store/"}, "the pipeline writes through the contract, not a backend"},
	}
	for name, p := range pkgs {
		rel := strings.TrimPrefix(name, module+"/")
		for _, im := range ours(p) {
			if im == "internal/cli" && rel != "cmd/georisk" {
				t.Errorf("%s imports internal/cli: only cmd/georisk may", rel)
			}
		}
		for _, r := range rules {
			if rel != r.pkg && !strings.HasPrefix(rel, r.pkg+"/") {
				continue
			}
			for _, im := range ours(p) {
				for _, b := range r.banned {
					// "x/" bans x's sub-packages; "x" bans x and them.
					hit := strings.HasPrefix(im, b) || !strings.HasSuffix(b, "/") && (im == b || strings.HasPrefix(im, b+"/"))
					if hit && !allowed(rel, im) {
						t.Errorf("%s imports %s: %s", rel, im, r.reason)
					}
				}
			}
		}
	}
	if p := pkgs[module+"/internal/extract"]; p != nil && p.imports["database/sql"] {
		t.Error("internal/extract imports database/sql")
	}
}

// allowed lists the exceptions to the rules above, each with its reason.
func allowed(pkg, im string) bool {
	switch {
	case strings.HasPrefix(pkg, "internal/store") && im == "internal/extract/fingerprint":
		// Stores match near copies with the fingerprint's similarity.
		return true
	case strings.HasPrefix(pkg, "internal/store") && strings.HasPrefix(im, "internal/store"):
		return true
	}
	return false
}
