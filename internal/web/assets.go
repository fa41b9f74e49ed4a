package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	iofs "io/fs"
	"mime"
	"net/http"
	"path"
)

//go:embed assets
var assetFS embed.FS

// assets are the embedded static files, served under checksummed URLs
// (/static/SUM/NAME) so that browsers may cache them for ever.
type assets struct {
	files map[string]assetFile // by name relative to assets/, e.g. "app.js", "vendor/uPlot.iife.min.js"
}

type assetFile struct {
	sum  string
	body []byte
	typ  string
}

func loadAssets(fsys iofs.FS) (*assets, error) {
	a := &assets{files: map[string]assetFile{}}
	err := iofs.WalkDir(fsys, "assets", func(p string, d iofs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := iofs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		typ := mime.TypeByExtension(path.Ext(p))
		if typ == "" {
			typ = "text/plain; charset=utf-8"
		}
		a.files[p[len("assets/"):]] = assetFile{sum: hex.EncodeToString(sum[:6]), body: b, typ: typ}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading embedded assets: %w", err)
	}
	return a, nil
}

// url returns an asset's checksummed URL; templates call it, so an unknown
// name fails when templates are executed in tests.
func (a *assets) url(name string) (string, error) {
	f, ok := a.files[name]
	if !ok {
		return "", fmt.Errorf("no embedded asset %q", name)
	}
	return "/static/" + f.sum + "/" + name, nil
}

func (s *Server) asset(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	f, ok := s.assets.files[name]
	if !ok {
		return notFound("no asset %s", name)
	}
	w.Header().Set("Content-Type", f.typ)
	if r.PathValue("sum") == f.sum {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(f.body)
	return nil
}

// favicon answers browsers that ask for /favicon.ico regardless of the
// page's icon link.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) error {
	f := s.assets.files["favicon.svg"]
	w.Header().Set("Content-Type", f.typ)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(f.body)
	return nil
}
