package store

import (
	"context"
	"fmt"
	"time"
)

// Briefs is the part of the contract that keeps published briefs, the posts
// of the publication site.
//
// PutBrief stores a brief under its Slug: publishing a slug again replaces
// the stored brief (its topics too) and keeps its ID, so re-publishing adds
// nothing. It sets ID. A brief with a malformed slug or no title is refused
// (see CheckBrief) and nothing is written.
//
// All methods are safe for concurrent use.
type Briefs interface {
	PutBrief(ctx context.Context, b *Brief) error
	// ListBriefs lists briefs newest first (by Date, then ID), with their
	// topics but without HTML and Markdown.
	ListBriefs(ctx context.Context, q BriefQuery) ([]Brief, error)
	// Brief returns one brief by slug, with its bodies; ErrNotFound
	// (wrapped) for an unknown slug.
	Brief(ctx context.Context, slug string) (Brief, error)
}

// Brief is a published brief.
type Brief struct {
	ID             int64
	Slug           string // "chn-nato-2023-07-01-2023-09-01": lower-case letters, digits and hyphens
	Title          string
	Subject        string    // "China–NATO"
	Date           time.Time // the brief's date
	Summary        string    // plain text
	Topics         []string  // in order; compared without regard to case
	ReadingMinutes int
	HTML           string // the body: an HTML fragment without scripts or styles
	Markdown       string
	Published      time.Time // when it was (last) stored
}

// BriefQuery selects briefs. Zero values mean no restriction; Limit 0 means
// a default of 50.
type BriefQuery struct {
	Topic  string // briefs with this topic (case-insensitive)
	Limit  int
	Offset int
}

// CheckBrief reports what makes a brief unfit to store.
func CheckBrief(b *Brief) error {
	if err := CheckSlug(b.Slug); err != nil {
		return err
	}
	if b.Title == "" {
		return fmt.Errorf("brief %q: no title", b.Slug)
	}
	return nil
}

// CheckSlug reports whether s is a well-formed slug: 1 to 200 lower-case
// ASCII letters, digits and inner hyphens.
func CheckSlug(s string) error {
	if s == "" || len(s) > 200 {
		return fmt.Errorf("brief slug %q: want 1 to 200 characters", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && i > 0 && i < len(s)-1
		if !ok {
			return fmt.Errorf("brief slug %q: want lower-case letters, digits and inner hyphens", s)
		}
	}
	return nil
}
