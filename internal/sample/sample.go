// Package sample embeds georisk's bundled demo corpus: a few dozen short news
// articles about real 2023–2024 events (NATO, China, Japan, Taiwan, the South
// China Sea, export controls and the Russia–Ukraine war), written by the
// georisk project in its own words and attributed to fictional outlets.
//
// The corpus mixes the formats georisk ingests — full HTML pages with site
// boilerplate, an RSS 2.0 feed, an Atom feed, plain-text page saves, Markdown
// with front matter and a JSON Lines wire dump — and deliberately contains
// duplicates (one wire story republished by four outlets, one exact copy in two
// formats) and independent reports of the same events. MANIFEST.tsv describes
// every article and is the ground truth for extraction and de-duplication
// tests; Manifest parses it.
package sample

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

//go:embed corpus
var corpus embed.FS

// ManifestFile is the name of the manifest at the root of FS.
const ManifestFile = "MANIFEST.tsv"

// FS returns the corpus tree: html/, feeds/, text/, markdown/, jsonl/,
// MANIFEST.tsv and README.md at its root.
func FS() fs.FS {
	sub, err := fs.Sub(corpus, "corpus")
	if err != nil {
		// fs.Sub fails only for an invalid directory name, and "corpus" is
		// valid; fall back to the unrooted tree rather than panic.
		return corpus
	}
	return sub
}

// Dup values used in the manifest's dup column.
const (
	DupNone  = ""      // an original report
	DupNear  = "near"  // near-verbatim copy of another row with the same Story
	DupExact = "exact" // identical title and body to another row with the same Story
)

// Entry is one row of MANIFEST.tsv: one article in the corpus.
type Entry struct {
	// Path is the file inside FS, without any "#n" suffix.
	Path string
	// Item is the 1-based index of the article inside a feed (RSS item or
	// Atom entry, in document order) or a JSON Lines file (line number);
	// 0 for single-article files.
	Item int
	// Outlet is the (fictional) publication that published this copy.
	Outlet string
	// Date is the publication date of this copy (UTC midnight).
	Date time.Time
	// Title is the headline of this copy.
	Title string
	// Words is the number of whitespace-separated words in the article body
	// (headline, byline, dateline header and page boilerplate excluded).
	Words int
	// Story is a short slug naming the event or story. Rows that share a
	// Story and have Dup set are copies of one another; rows that share a
	// Story with Dup empty are independent reports of the same event.
	Story string
	// Dup is DupNone, DupNear or DupExact.
	Dup string
	// Lang is the ISO 639-1 language code of the article.
	Lang string
}

// ID returns the manifest path column: Path, plus "#n" for feed and JSON
// Lines items.
func (e Entry) ID() string {
	if e.Item > 0 {
		return e.Path + "#" + strconv.Itoa(e.Item)
	}
	return e.Path
}

var manifestHeader = []string{"path", "outlet", "date", "title", "words", "story", "dup", "lang"}

// Manifest parses MANIFEST.tsv from FS.
func Manifest() ([]Entry, error) {
	data, err := fs.ReadFile(FS(), ManifestFile)
	if err != nil {
		return nil, err
	}
	return parseManifest(data)
}

func parseManifest(data []byte) ([]Entry, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	var entries []Entry
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != len(manifestHeader) {
			return nil, fmt.Errorf("%s:%d: %d columns, want %d", ManifestFile, line, len(cols), len(manifestHeader))
		}
		if line == 1 {
			if strings.Join(cols, "\t") != strings.Join(manifestHeader, "\t") {
				return nil, fmt.Errorf("%s:1: unexpected header %q", ManifestFile, text)
			}
			continue
		}
		e, err := parseRow(cols)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", ManifestFile, line, err)
		}
		entries = append(entries, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if line == 0 {
		return nil, fmt.Errorf("%s: empty", ManifestFile)
	}
	return entries, nil
}

func parseRow(cols []string) (Entry, error) {
	e := Entry{
		Path:   cols[0],
		Outlet: cols[1],
		Title:  cols[3],
		Story:  cols[5],
		Dup:    cols[6],
		Lang:   cols[7],
	}
	if p, item, ok := strings.Cut(cols[0], "#"); ok {
		n, err := strconv.Atoi(item)
		if err != nil || n < 1 {
			return Entry{}, fmt.Errorf("bad item index in path %q", cols[0])
		}
		e.Path, e.Item = p, n
	}
	d, err := time.Parse(time.DateOnly, cols[2])
	if err != nil {
		return Entry{}, fmt.Errorf("bad date %q: %w", cols[2], err)
	}
	e.Date = d
	if e.Words, err = strconv.Atoi(cols[4]); err != nil {
		return Entry{}, fmt.Errorf("bad word count %q: %w", cols[4], err)
	}
	switch e.Dup {
	case DupNone, DupNear, DupExact:
	default:
		return Entry{}, fmt.Errorf("bad dup value %q", e.Dup)
	}
	if e.Path == "" || e.Outlet == "" || e.Title == "" || e.Story == "" || e.Lang == "" {
		return Entry{}, fmt.Errorf("empty required column in %q", strings.Join(cols, "\t"))
	}
	return e, nil
}
