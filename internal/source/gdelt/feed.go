package gdelt

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/source/dataset"
)

// DefaultBase is where GDELT 2.0 publishes its 15-minute files and their
// lists.
const DefaultBase = "http://data.gdeltproject.org/gdeltv2/"

// Kinds of 15-minute files, as named in their file names
// (YYYYMMDDHHMMSS.export.CSV.zip, .mentions.CSV.zip, .gkg.csv.zip).
const (
	KindExport   = "export"
	KindMentions = "mentions"
	KindGKG      = "gkg"
)

// kindOrder lists the kinds in the order Files returns the files of one
// update.
var kindOrder = []string{KindExport, KindMentions, KindGKG}

// Interval is GDELT 2.0's update interval, and the longest window Files
// answers from lastupdate.txt.
const Interval = 15 * time.Minute

// Feed lists and reads the files of GDELT 2.0's live feed. Its methods are
// safe for concurrent use.
type Feed struct {
	// Fetcher fetches the lists and the files. It must be set.
	Fetcher *source.Fetcher

	// Base is the URL of the directory that holds lastupdate.txt and
	// masterfilelist.txt. Default DefaultBase.
	Base string

	// Open, when set, streams a URL's body; Files uses it for
	// masterfilelist.txt, which runs to more than a hundred megabytes and
	// is then read line by line in bounded memory. Without it the list is
	// read with Fetcher.Get, which holds it whole and needs a
	// FetchOptions.MaxBytes and Timeout large enough for it.
	Open func(ctx context.Context, url string) (io.ReadCloser, error)
}

// file is one 15-minute file listed by GDELT.
type file struct {
	url  string
	time time.Time
	kind int // index in kindOrder
}

// Files returns the URLs of the 15-minute files of the given kinds
// ("export", "mentions", "gkg"; all three when none is given) whose
// timestamp is not older than now minus since, oldest first, and for one
// timestamp in the order of kinds. A file stamped after now (the clocks
// disagree) is included.
//
// For since up to [Interval] the list is lastupdate.txt, which names only the
// latest update; for longer windows it is masterfilelist.txt, which names
// every file since February 2015. A since of zero or less asks for the
// latest update whatever its age. URLs are given as the list gives them
// (resolved against Base when relative). Files does not know which files
// were already read: the caller keeps track.
func (f *Feed) Files(ctx context.Context, since time.Duration, now time.Time, kinds ...string) ([]string, error) {
	want, err := kindMask(kinds)
	if err != nil {
		return nil, err
	}
	if f.Fetcher == nil {
		return nil, errors.New("gdelt feed: no Fetcher")
	}
	base, err := url.Parse(cmp.Or(f.Base, DefaultBase))
	if err != nil {
		return nil, fmt.Errorf("gdelt feed: base URL: %w", err)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	list := "masterfilelist.txt"
	if since <= Interval {
		list = "lastupdate.txt"
	}
	cutoff := now.Add(-since)
	var files []file
	add := func(line []byte) {
		fl, ok := listed(base, line)
		if !ok || want&(1<<fl.kind) == 0 || since > 0 && fl.time.Before(cutoff) {
			return
		}
		files = append(files, fl)
	}
	listURL := base.JoinPath(list).String()
	if list == "masterfilelist.txt" && f.Open != nil {
		err = f.stream(ctx, listURL, add)
	} else {
		err = f.get(ctx, listURL, add)
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(files, func(a, b file) int {
		return cmp.Or(a.time.Compare(b.time), cmp.Compare(a.kind, b.kind), strings.Compare(a.url, b.url))
	})
	files = slices.CompactFunc(files, func(a, b file) bool { return a.url == b.url })
	urls := make([]string, len(files))
	for i, fl := range files {
		urls[i] = fl.url
	}
	return urls, nil
}

// kindMask turns kind names into a bit mask of indexes in kindOrder.
func kindMask(names []string) (int, error) {
	if len(names) == 0 {
		return 1<<len(kindOrder) - 1, nil
	}
	mask := 0
	for _, k := range names {
		i := slices.Index(kindOrder, k)
		if i < 0 {
			return 0, fmt.Errorf("gdelt feed: unknown kind %q (want export, mentions or gkg)", k)
		}
		mask |= 1 << i
	}
	return mask, nil
}

// get fetches a list whole and hands each line to line.
func (f *Feed) get(ctx context.Context, u string, line func([]byte)) error {
	resp, err := f.Fetcher.Get(ctx, u)
	if err != nil {
		return err
	}
	if resp.NotModified {
		return nil
	}
	return lines(ctx, bytes.NewReader(resp.Body), u, line)
}

// stream reads a list with Open and hands each line to line.
func (f *Feed) stream(ctx context.Context, u string, line func([]byte)) error {
	rc, err := f.Open(ctx, u)
	if err != nil {
		return err
	}
	err = lines(ctx, rc, u, line)
	return errors.Join(err, rc.Close())
}

// lines hands each line of a list to line. Lines longer than 64 KB are no
// list lines and are skipped.
func lines(ctx context.Context, r io.Reader, name string, line func([]byte)) error {
	lr := newLineReader(r, 64<<10)
	for {
		if lr.n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		if !lr.over {
			line(b)
		}
	}
}

// listed parses a line of lastupdate.txt or masterfilelist.txt, "size md5
// url", tolerating missing fields before the URL, which is resolved against
// base.
func listed(base *url.URL, line []byte) (file, bool) {
	fields := bytes.Fields(line)
	if len(fields) == 0 {
		return file{}, false
	}
	raw := string(fields[len(fields)-1])
	u, err := url.Parse(raw)
	if err != nil {
		return file{}, false
	}
	t, kind, ok := ParseName(path.Base(u.Path))
	if !ok {
		return file{}, false
	}
	return file{url: base.ResolveReference(u).String(), time: t, kind: slices.Index(kindOrder, kind)}, true
}

// ParseName parses the name of a GDELT 2.0 15-minute file,
// "20191024143000.export.CSV.zip", into its timestamp (UTC) and kind
// ("export", "mentions" or "gkg"). The ".zip" suffix is optional, so that
// the names of the files inside the archives parse too; case is ignored in
// the suffix. Translingual files ("….translation.export.CSV.zip") are not
// of these kinds.
func ParseName(name string) (t time.Time, kind string, ok bool) {
	ts, rest, found := strings.Cut(name, ".")
	if !found || len(ts) != 14 {
		return time.Time{}, "", false
	}
	t, ok = stamp(ts, true)
	if !ok {
		return time.Time{}, "", false
	}
	kind, ext, _ := strings.Cut(rest, ".")
	if !slices.Contains(kindOrder, kind) || !strings.EqualFold(ext, "csv.zip") && !strings.EqualFold(ext, "csv") {
		return time.Time{}, "", false
	}
	return t, kind, true
}

// FormatFor returns the format of a kind of file: Events for "export",
// Mentions for "mentions", GKG for "gkg".
func FormatFor(kind string) (dataset.Format, bool) {
	switch kind {
	case KindExport:
		return Events(), true
	case KindMentions:
		return Mentions(), true
	case KindGKG:
		return GKG(), true
	}
	return dataset.Format{}, false
}

// Read fetches one 15-minute file listed by Files, a zip archive holding
// one CSV file, and reads it with the format of its kind, as
// dataset.ReadFunc does. Rows are reported under the name of the file
// inside the archive. The archive is held in memory: GDELT's are a few
// megabytes, within Fetcher's default MaxBytes.
func (f *Feed) Read(ctx context.Context, fileURL string, emit func(dataset.Record) error, fail func(*dataset.RowError)) error {
	if f.Fetcher == nil {
		return errors.New("gdelt feed: no Fetcher")
	}
	u, err := url.Parse(fileURL)
	if err != nil {
		return fmt.Errorf("gdelt feed: %w", err)
	}
	_, kind, ok := ParseName(path.Base(u.Path))
	if !ok {
		return fmt.Errorf("gdelt feed: %s is not a 15-minute export, mentions or gkg file", fileURL)
	}
	format, _ := FormatFor(kind)
	resp, err := f.Fetcher.Get(ctx, fileURL)
	if err != nil {
		return err
	}
	if resp.NotModified {
		return nil
	}
	zr, err := zip.NewReader(bytes.NewReader(resp.Body), int64(len(resp.Body)))
	if err != nil {
		return fmt.Errorf("reading %s: %w", fileURL, err)
	}
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return fmt.Errorf("reading %s: %w", fileURL, err)
		}
		err = format.Read(ctx, rc, zf.Name, emit, fail)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
