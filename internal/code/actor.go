package code

import "time"

// ActorKind says what sort of actor an [ActorMatch] is. The values are
// those of the actor dictionary's kinds.
type ActorKind int

// The kinds of actor.
const (
	ActorCountry ActorKind = iota + 1 // a country by name, adjective or demonym
	ActorIGO                          // an intergovernmental organisation
	ActorAgent                        // a country or IGO with an agent: "China's Foreign Ministry", "Chinese media"
	ActorPerson                       // a named person, coded by their role on the day
	ActorGroup                        // a named non-state group
)

// ActorMatch is one actor named in a sentence.
type ActorMatch struct {
	Start, End int    // byte offsets into the sentence; End may stop before a possessive 's
	Code       string // CAMEO-style code: "CHN", "CHNGOV", "IGOWSTNAT"
	Country    string // the country or IGO part of Code, or ""
	Name       string // canonical name: "China", "Emmanuel Macron"
	Kind       ActorKind
}

// FindActors appends to dst the actors named in sentence, resolving people
// by their roles on date, and returns it. Matches are in order and do not
// overlap; the coder skips any that break this. The coder passes the
// document's publication date, as the titles a text gives people ("Ukraine
// President Volodymyr Zelensky") are those of when it was written. The
// coder calls it from many goroutines at once, so it must be safe for
// concurrent use; it must not keep sentence or dst.
type FindActors func(sentence string, date time.Time, dst []ActorMatch) []ActorMatch
