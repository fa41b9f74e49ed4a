// Package event holds georisk's domain types: documents now, and the spans,
// actors, events, quotes, judgments and alerts that later stages derive from
// them. It imports nothing of georisk's own, so every stage can depend on it.
package event

import "time"

// Document is one article as georisk stores it: the extracted text and
// metadata, the raw bytes it came from, and the fingerprints used to find
// copies of the same story.
//
// ID, StoryID and CopyOf are assigned by the store; every other field is set
// before the document is stored.
type Document struct {
	ID int64

	// Key identifies the document across runs, so that ingesting the same
	// input again adds nothing. It is derived from the URL when there is
	// one, else from the source's own id, else from the text (see KeyFor).
	Key string

	URL        string // canonical address of the article, if known
	SourceID   string // the source's own id: feed GUID, JSON Lines id, Reuters NEWID
	Source     string // outlet or dataset name: "reuters21578", "Harbour Post"
	Input      string // where it was read from, as the user named it: path, URL, "-"
	Format     string // html, text, markdown, jsonl, rss, atom, jsonfeed, sgml
	Title      string
	Author     string
	Site       string
	Lang       string    // ISO 639-1 code, "" when undetermined
	Published  time.Time // publication time; zero when unknown
	IngestedAt time.Time
	Body       string

	// Raw is the input the document was extracted from (page HTML, JSON
	// line, feed item) so that later stages can be re-run from it. RawType
	// is its media type.
	Raw     []byte
	RawType string

	// TextHash is the hex SHA-256 of the normalized body; equal hashes mean
	// exact copies. MinHash is a signature of the body's word shingles
	// (nil for very short bodies); similar signatures mean near copies.
	TextHash string
	MinHash  []uint32

	// StoryID groups exact and near copies of one story: it is the ID of the
	// first document of the story that was stored. CopyOf is the ID of the
	// stored document this one copies (exactly or nearly), or 0.
	StoryID int64
	CopyOf  int64
}
