package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Item is one article as read, before extraction.
//
// Which fields are set depends on the container: a feed item has a title,
// a date and usually a URL; a text file has only Text. Raw always holds the
// bytes the item was read from, so that later stages can be re-run from it.
type Item struct {
	// Input names where the item came from: the input as the user named it
	// plus a position. A line for JSON Lines and SGML ("news.jsonl.gz:1234",
	// "reut2-000.sgm:29"), an item or record number for feeds and JSON
	// documents ("feed.xml#3", "https://x.example/feed#2"), an entry for
	// archives ("corpus.zip/a.html"), nothing for a single document.
	Input string

	// Format is how the item was stored: "html", "text", "markdown",
	// "jsonl" (a JSON record, one per line or in a JSON array), "rss",
	// "atom", "jsonfeed" or "sgml".
	Format string

	// Raw is the bytes the item was read from: the page, the JSON line, the
	// SGML record, or for a feed item a JSON encoding of the feed item (or
	// the linked page when it was fetched, see [Options.FetchPages]).
	// RawType is its media type: "text/html", "text/plain",
	// "text/markdown", "application/json" or "application/sgml", with a
	// charset parameter ("text/html; charset=windows-1252") when Raw is
	// not UTF-8. Use mime.ParseMediaType to compare it.
	Raw     []byte
	RawType string

	URL    string // the item's URL when known: page URL, feed item link, JSON url
	ID     string // the source's own id: JSON Lines id, feed GUID, Reuters NEWID
	Source string // outlet or dataset: JSON "source", feed title, "reuters21578" for Reuters SGML
	Title  string
	Author string

	// Date is when the container states the item was published (JSON date,
	// feed published or updated, SGML <DATE>, Markdown front matter); zero
	// otherwise. Dates without a zone are taken as UTC.
	Date time.Time

	// HTML is the item's HTML when it has one: a whole page, a feed item's
	// content (or its summary when it has no content), a JSON "html" field.
	// Text is the item's plain text when it has one: a text or Markdown
	// file (without its front matter), a JSON "text" field, an SGML <BODY>.
	// Both are valid UTF-8.
	HTML string
	Text string

	// Summary is a feed item's description when HTML holds something else
	// (the item's full content or its linked page).
	Summary string

	// Dateline is the SGML <DATELINE> ("SALVADOR, Feb 26 - "), trimmed.
	Dateline string

	// Warn is a non-fatal note about how the item was read, such as
	// "decoded as Windows-1252 (not valid UTF-8)"; empty when all went well.
	Warn string
}

// Failure names an input that could not be read and why. Input is an input,
// an archive entry or a record, named as in [Item.Input]; Err's text names
// Input too. Items and failures are reported separately; a failure never
// stops the run.
type Failure struct {
	Input string
	Err   error
}

// DefaultMaxItemBytes is the default of [Options.MaxItemBytes].
const DefaultMaxItemBytes = 32 << 20

// Options configures [Read]. The zero value is usable.
type Options struct {
	// AllowPrivate permits fetching from loopback, private and link-local
	// addresses. Tests use it for httptest servers on 127.0.0.1. It is
	// ignored when Client is set.
	AllowPrivate bool

	// MaxItemBytes bounds a single document: a page, a file read whole, a
	// JSON line, an SGML record. Bigger ones are reported as failures.
	// Zero means DefaultMaxItemBytes.
	MaxItemBytes int64

	// Client fetches URLs; nil means NewFetcher(FetchOptions{AllowPrivate:
	// AllowPrivate}).
	Client *Fetcher

	// FetchPages fetches the linked page of a feed item whose content is
	// missing or a short summary (under about 80 words), for feeds that
	// came from a URL. The page then becomes the item's HTML and Raw. A
	// page that cannot be fetched leaves the summary and sets Warn.
	FetchPages bool

	// Logger receives debug and warning messages; nil discards them.
	Logger *slog.Logger
}

// Read walks inputs and calls yield for each item and fail for each failure,
// in order per input. It stops early only when ctx is cancelled (it then
// returns ctx.Err()) or yield returns an error (which Read then returns).
// All other problems are reported through fail and Read goes on.
//
// An input is a file, a directory, a glob, "-" for stdin, or an http(s)
// URL; see the package documentation. stdin may be nil when no input is
// "-". yield and fail are called from the calling goroutine only; the Item's
// Raw is not retained by Read and may be kept by yield.
func Read(ctx context.Context, inputs []string, stdin io.Reader, opt Options, yield func(Item) error, fail func(Failure)) error {
	return newReader(opt, stdin, yield, fail).run(ctx, inputs)
}

func (rd *reader) run(ctx context.Context, inputs []string) error {
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rd.input(ctx, in); err != nil {
			if s, ok := errors.AsType[*stopError](err); ok {
				return s.err
			}
			return err
		}
	}
	return ctx.Err()
}

// reader holds one Read call's state.
type reader struct {
	opt   Options
	fetch *Fetcher
	log   *slog.Logger
	stdin io.Reader
	yield func(Item) error
	fail  func(Failure)

	// open opens a local file; tests replace it to simulate errors that
	// root does not get.
	open func(name string) (*os.File, error)
}

func newReader(opt Options, stdin io.Reader, yield func(Item) error, fail func(Failure)) *reader {
	if opt.MaxItemBytes <= 0 {
		opt.MaxItemBytes = DefaultMaxItemBytes
	}
	if opt.Client == nil {
		opt.Client = NewFetcher(FetchOptions{AllowPrivate: opt.AllowPrivate})
	}
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &reader{
		opt:   opt,
		fetch: opt.Client,
		log:   log.With("component", "source"),
		stdin: stdin,
		yield: yield,
		fail:  fail,
		open:  os.Open,
	}
}

// stopError carries an error returned by yield up through the readers, so
// that it is told apart from a failure of the input being read.
type stopError struct{ err error }

func (e *stopError) Error() string { return e.err.Error() }
func (e *stopError) Unwrap() error { return e.err }

// emit passes it to yield.
func (rd *reader) emit(it Item) error {
	if err := rd.yield(it); err != nil {
		return &stopError{err}
	}
	return nil
}

// report reports err as a failure of input, unless it must end the run: a
// yield error or a cancelled context, which it returns.
func (rd *reader) report(ctx context.Context, input string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*stopError](err); ok {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	err = named(input, err)
	rd.log.Debug("input failed", slog.String("input", input), slog.Any("error", err))
	rd.fail(Failure{Input: input, Err: err})
	return nil
}

// named makes sure err's text names input.
func named(input string, err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok && pe.Path == input {
		return fmt.Errorf("%s: %w", input, pe.Err)
	}
	if strings.Contains(err.Error(), input) {
		return err
	}
	return fmt.Errorf("%s: %w", input, err)
}

// errEmpty reports an input with no content.
var errEmpty = errors.New("empty file")

func (rd *reader) input(ctx context.Context, in string) error {
	switch {
	case in == "-":
		if rd.stdin == nil {
			return rd.report(ctx, in, errors.New("no standard input"))
		}
		return rd.report(ctx, in, rd.stream(ctx, src{name: in, r: rd.stdin, size: -1}))
	case isURL(in):
		return rd.report(ctx, in, rd.readURL(ctx, in, 0))
	}
	fi, err := os.Stat(in)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(in, "*?[") {
			return rd.glob(ctx, in)
		}
		return rd.report(ctx, in, err)
	}
	if fi.IsDir() {
		return rd.dir(ctx, in)
	}
	return rd.report(ctx, in, rd.readFile(ctx, in))
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// hidden reports whether a file or directory name is hidden.
func hidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}

func (rd *reader) glob(ctx context.Context, pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return rd.report(ctx, pattern, fmt.Errorf("bad pattern: %w", err))
	}
	n := 0
	for _, m := range matches {
		if hiddenMatch(pattern, m) {
			continue
		}
		n++
		fi, err := os.Stat(m)
		if err != nil {
			err = rd.report(ctx, m, err)
		} else if fi.IsDir() {
			err = rd.dir(ctx, m)
		} else {
			err = rd.report(ctx, m, rd.readFile(ctx, m))
		}
		if err != nil {
			return err
		}
	}
	if n == 0 {
		return rd.report(ctx, pattern, errors.New("no files match"))
	}
	return nil
}

// hiddenMatch reports whether a glob match m has a hidden file or
// directory where pattern has a wildcard that does not start with a dot.
func hiddenMatch(pattern, m string) bool {
	pe := strings.Split(filepath.ToSlash(pattern), "/")
	me := strings.Split(filepath.ToSlash(m), "/")
	if len(pe) != len(me) {
		return false
	}
	for i := range pe {
		if hidden(me[i]) && !strings.HasPrefix(pe[i], ".") {
			return true
		}
	}
	return false
}

// dir reads the files under root in lexical order, skipping hidden files
// and directories.
func (rd *reader) dir(ctx context.Context, root string) error {
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if r := rd.report(ctx, p, err); r != nil {
				return r
			}
			n++ // counted as seen, so that an unreadable root is not also "no files"
			return nil
		}
		if p != root && hidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if t := d.Type(); !t.IsRegular() && t&fs.ModeSymlink == 0 {
			return nil // sockets, pipes, devices
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if fi, err := os.Stat(p); err == nil && fi.IsDir() {
				return nil // not followed, to avoid loops
			}
		}
		n++
		return rd.report(ctx, p, rd.readFile(ctx, p))
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return rd.report(ctx, root, errors.New("no files in directory"))
	}
	return nil
}

func (rd *reader) readFile(ctx context.Context, name string) error {
	f, err := rd.open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	size := int64(-1)
	var at io.ReaderAt
	if fi.Mode().IsRegular() {
		size = fi.Size()
		at = f
		if size == 0 {
			return errEmpty
		}
	}
	return rd.stream(ctx, src{name: name, r: f, at: at, size: size, fname: name, local: at != nil})
}
