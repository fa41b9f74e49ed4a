package dataset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/georisk/georisk/internal/source"
)

// Options tell Read how to find and read files.
type Options struct {
	// Formats are the readers Read may use; Format picks one by name, or
	// "auto" (or "") detects each file's format among them.
	Formats []Format
	Format  string
	// Fetcher reads http(s) inputs; nil refuses them.
	Fetcher *source.Fetcher
}

// File reports how one file went.
type File struct {
	Name   string
	Format string
	Rows   int   // records emitted
	Bad    int   // rows reported as bad
	Err    error // why the file could not be read (further), or nil
}

// Read reads every input — a file, a directory (recursively, in name
// order), a glob, or an http(s) URL; .gz and .zip are opened — with the
// format's reader. It calls emit for each record, fail for each bad row, and
// done once for each file, and goes on after a file fails. It returns early
// only when ctx is done or emit returns an error.
func Read(ctx context.Context, inputs []string, opt Options, emit func(file string, r Record) error, fail func(*RowError), done func(File)) error {
	if opt.Format != "" && opt.Format != "auto" {
		if _, err := opt.byName(opt.Format); err != nil {
			return err
		}
	}
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		switch {
		case strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://"):
			err = opt.readURL(ctx, in, emit, fail, done)
		default:
			err = opt.readPath(ctx, in, emit, fail, done)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (o *Options) byName(name string) (Format, error) {
	var names []string
	for _, f := range o.Formats {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return Format{}, fmt.Errorf("unknown format %q (known: auto, %s)", name, strings.Join(names, ", "))
}

// stop marks errors that must end Read: cancellation, or emit's error.
type stop struct{ err error }

func (s stop) Error() string { return s.err.Error() }
func (s stop) Unwrap() error { return s.err }

func (o *Options) readPath(ctx context.Context, in string, emit func(string, Record) error, fail func(*RowError), done func(File)) error {
	paths := []string{in}
	if _, err := os.Stat(in); err != nil && strings.ContainsAny(in, "*?[") {
		m, gerr := filepath.Glob(in)
		if gerr != nil || len(m) == 0 {
			done(File{Name: in, Err: errors.New("no file matches the pattern")})
			return nil
		}
		paths = m
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			done(File{Name: p, Err: err})
			continue
		}
		if !info.IsDir() {
			if err := o.readFile(ctx, p, emit, fail, done); err != nil {
				return err
			}
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				done(File{Name: path, Err: err})
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && path != p {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return err
		}
		sort.Strings(files)
		for _, f := range files {
			if err := o.readFile(ctx, f, emit, fail, done); err != nil {
				return err
			}
		}
	}
	return nil
}

func (o *Options) readFile(ctx context.Context, path string, emit func(string, Record) error, fail func(*RowError), done func(File)) error {
	f, err := os.Open(path)
	if err != nil {
		done(File{Name: path, Err: err})
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		done(File{Name: path, Err: err})
		return nil
	}
	return o.readStream(ctx, path, f, f, info.Size(), emit, fail, done)
}

func (o *Options) readURL(ctx context.Context, u string, emit func(string, Record) error, fail func(*RowError), done func(File)) error {
	if o.Fetcher == nil {
		done(File{Name: u, Err: errors.New("fetching URLs is not enabled")})
		return nil
	}
	resp, err := o.Fetcher.Get(ctx, u)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		done(File{Name: u, Err: err})
		return nil
	}
	r := bytes.NewReader(resp.Body)
	return o.readStream(ctx, u, r, r, int64(len(resp.Body)), emit, fail, done)
}

// readStream opens archives and compression by their magic bytes, then
// reads the content with the right format.
func (o *Options) readStream(ctx context.Context, name string, r io.Reader, ra io.ReaderAt, size int64, emit func(string, Record) error, fail func(*RowError), done func(File)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte("PK\x03\x04")) || bytes.HasPrefix(magic, []byte("PK\x05\x06")):
		if ra == nil {
			done(File{Name: name, Err: errors.New("zip archives can only be read from files or URLs")})
			return nil
		}
		zr, err := zip.NewReader(ra, size)
		if err != nil {
			done(File{Name: name, Err: fmt.Errorf("reading zip: %w", err)})
			return nil
		}
		for _, zf := range zr.File {
			if zf.FileInfo().IsDir() {
				continue
			}
			entry := name + "/" + zf.Name
			rc, err := zf.Open()
			if err != nil {
				done(File{Name: entry, Err: err})
				continue
			}
			err = o.readStream(ctx, entry, rc, nil, 0, emit, fail, done)
			rc.Close()
			if err != nil {
				return err
			}
		}
		return nil
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(br)
		if err != nil {
			done(File{Name: name, Err: fmt.Errorf("reading gzip: %w", err)})
			return nil
		}
		defer zr.Close()
		return o.readStream(ctx, strings.TrimSuffix(name, ".gz"), zr, nil, 0, emit, fail, done)
	}
	res := File{Name: name}
	head, err := br.Peek(64 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		res.Err = err
		done(res)
		return nil
	}
	if len(bytes.TrimSpace(head)) == 0 {
		res.Err = errors.New("empty file")
		done(res)
		return nil
	}
	f, err := o.pick(head)
	if err != nil {
		res.Err = err
		done(res)
		return nil
	}
	res.Format = f.Name
	err = f.Read(ctx, br, name, func(rec Record) error {
		res.Rows++
		if err := emit(name, rec); err != nil {
			return stop{err}
		}
		return nil
	}, func(e *RowError) {
		res.Bad++
		fail(e)
	})
	var s stop
	switch {
	case errors.As(err, &s):
		return s.err
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil:
		res.Err = err
	}
	done(res)
	return nil
}

func (o *Options) pick(head []byte) (Format, error) {
	if o.Format != "" && o.Format != "auto" {
		return o.byName(o.Format)
	}
	for _, f := range o.Formats {
		if f.Detect != nil && f.Detect(head) {
			return f, nil
		}
	}
	return Format{}, errors.New("cannot tell which dataset this is (name the format: georisk import FORMAT ...)")
}
