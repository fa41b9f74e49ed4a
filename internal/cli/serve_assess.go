package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/examples"
	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/web"
)

// profileAssessor serves the assessments of the profiles in a folder
// (NAME.yaml is /assess/NAME). Profiles are read on each request, so
// edits show without a restart; a bad profile is an error naming the file.
type profileAssessor struct {
	dir  string // for messages
	fsys fs.FS
	s    assessStore
	e    *assessEnv
}

func newProfileAssessor(dir string, fsys fs.FS, s assessStore) (*profileAssessor, error) {
	none := ""
	e, err := (&assessFlags{sources: &none, model: &none}).load()
	if err != nil {
		return nil, err
	}
	return &profileAssessor{dir: dir, fsys: fsys, s: s, e: e}, nil
}

func (p *profileAssessor) files() (map[string]string, error) {
	out := map[string]string{}
	for _, ext := range []string{"*.yaml", "*.yml"} {
		ms, err := fs.Glob(p.fsys, ext)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			out[strings.TrimSuffix(strings.TrimSuffix(m, ".yaml"), ".yml")] = m
		}
	}
	return out, nil
}

func (p *profileAssessor) read(file string) (*assess.Profile, error) {
	b, err := fs.ReadFile(p.fsys, file)
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	return assess.ParseProfile(filepath.Join(p.dir, file), bytes.NewReader(b), p.e.dict, p.e.sectors, p.e.model)
}

func (p *profileAssessor) Profiles(ctx context.Context) ([]web.ProfileInfo, error) {
	fs, err := p.files()
	if err != nil {
		return nil, fmt.Errorf("listing profiles in %s: %w", p.dir, err)
	}
	var out []web.ProfileInfo
	for name, file := range fs {
		info := web.ProfileInfo{Name: name, File: filepath.Join(p.dir, file)}
		if pr, err := p.read(file); err == nil {
			info.Client = pr.Name
		} else {
			info.Client = "(invalid: " + err.Error() + ")"
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (p *profileAssessor) Assess(ctx context.Context, name string, since, until time.Time) (*assess.Assessment, error) {
	fs, err := p.files()
	if err != nil {
		return nil, fmt.Errorf("listing profiles in %s: %w", p.dir, err)
	}
	file, ok := fs[name]
	if !ok {
		return nil, fmt.Errorf("profile %q: %w", name, store.ErrNotFound)
	}
	pr, err := p.read(file)
	if err != nil {
		return nil, err
	}
	sinceS, untilS := dayOrEmpty(since), dayOrEmpty(until)
	af := &assessFlags{since: &sinceS, until: &untilS}
	if since, until, err = af.window(ctx, storeNewest{p.s}); err != nil {
		return nil, err
	}
	opt := assess.Options{Since: since, Until: until, Model: p.e.model, Sources: p.e.sources, Places: p.e.dict}
	if err := storeOptions(ctx, p.s, &opt); err != nil {
		return nil, err
	}
	a, err := assess.Assess(ctx, p.s, pr, opt)
	if errors.Is(err, assess.ErrNoEvidence) {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return a, err
}

func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// claimChecker checks a document's claims against georisk's reference
// tables.
func claimChecker() (func(string, time.Time) []claims.Claim, error) {
	ref, err := claims.DefaultReference()
	if err != nil {
		return nil, err
	}
	return func(body string, published time.Time) []claims.Claim { return ref.Check(claims.Find(body, published)) }, nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// assessOptions gives the server its claim checker and, from cfg.Profiles
// (or examples/profiles when present, else the built-in examples), its profile assessor.
func assessOptions(cfg web.Config, s store.Store, opt *web.Options) error {
	check, err := claimChecker()
	if err != nil {
		return err
	}
	opt.CheckClaims = check
	dir := cfg.Profiles
	var fsys fs.FS
	switch {
	case dir != "":
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return &UsageError{fmt.Sprintf("--profiles %q: not a folder", dir)}
		}
		fsys = os.DirFS(dir)
	case isDir("examples/profiles"):
		dir, fsys = "examples/profiles", os.DirFS("examples/profiles")
	default: // the examples built into georisk
		dir, fsys = "(built-in examples)", examples.Profiles()
	}
	a, err := newProfileAssessor(dir, fsys, s)
	if err != nil {
		return err
	}
	opt.Assessor = a
	return nil
}
