package analyze

// GPR-style geopolitical risk index after Caldara and Iacoviello,
// "Measuring Geopolitical Risk" (AER 2022), computed on georisk's own
// document corpus.
//
// # Method as implemented
//
// A document matches a category when its title or body contains one of the
// category's phrases, or a word of the category's first list within
// [GPRQuery.Window] words (default 5) of a word of its second list — the
// proximity search of the original method. The eight categories follow the
// paper's definitions; the word lists in gprCategories are georisk's own,
// written from those definitions, not a copy of the authors' dictionary:
//
//	threats: 1 war threats, 2 peace threats, 3 military buildups,
//	         4 nuclear threats, 5 terror threats
//	acts:    6 beginning of war, 7 escalation of war, 8 terror acts
//
// Copies of one story (same StoryID; a document without one is its own
// story) count once: a story matches a category when any copy does, names
// a country when any copy does, and falls in the bucket of its earliest
// known publication time. Documents without a publication time are skipped
// (and counted in [GPRPoint.Undated] of the global scope's first point).
//
// Per bucket and scope: share = stories that match (any category, the
// threats categories, the acts categories) and that are in the scope, over
// all stories of the bucket, in percent. The global scope is every story;
// a country scope those naming the country (or its capital: whatever the
// caller's [GPRQuery.Match] maps to the code); a dyad scope those naming
// both countries. Each share is then divided by its mean over the base
// buckets that have stories and multiplied by 100, as the published series
// is normalized to its 1985–2019 mean. Note that country and dyad shares
// keep all stories as the denominator (as the published GPRC_xxx shares
// do), so they are normalized to their own base mean, not the global one.
//
// # What a news corpus can and cannot reproduce
//
// The published series (GPR, GPRT, GPRA, GPRC_xxx) counts articles in ten
// (GPRH: three) US, UK and Canadian newspapers' archives since 1985 (1900),
// with the authors' exact search strings and exclusions, run over the full
// text of every article. georisk's corpus is whatever the user ingested:
// different outlets, languages and time span, volume that grows with the
// feeds, and bodies that may be ledes or summaries. So the levels and the
// base (100 = mean of the base buckets chosen here, not 1985–2019) are not
// comparable with the published numbers; what carries over is the method —
// a share of articles, not a count, so that corpus growth is not read as
// risk — and hence the shape of the series around large events when the
// corpus covers them. The normalization step itself is checked against the
// published file (GPR = SHARE_GPR / its 1985–2019 mean × 100) in the tests.
// Per-dyad indices go beyond the original.
//
// # Cost
//
// The store has no date index over documents with bodies, so GPR reads every
// stored document (with its body) through [DocLister.DocsToCode] in ID
// order, in pages of [GPRQuery.PageSize], and filters by date in memory:
// O(corpus) time and body I/O per call, O(stories) memory (a date, a
// category mask and the named countries per story). Suitable for a
// periodic batch or a corpus of up to some hundred thousand documents; a
// rollup table keyed by story would make it incremental.

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// DocLister pages through stored documents with their bodies in ID order;
// store.Store implements it. GPR calls DocsToCode(ctx, after, limit, "")
// until a page comes back empty, passing the last ID it saw as after.
type DocLister interface {
	DocsToCode(ctx context.Context, after int64, limit int, version string) ([]event.Document, error)
}

var _ DocLister = store.Store(nil)

// GPR category indices, in the order of the published SHARE_CAT_1..8.
const (
	GPRWarThreats = iota
	GPRPeaceThreats
	GPRMilitaryBuildups
	GPRNuclearThreats
	GPRTerrorThreats
	GPRBeginningOfWar
	GPREscalationOfWar
	GPRTerrorActs
	GPRCategories // the number of categories
)

// GPRCategoryNames names the categories, indexed by the constants above.
var GPRCategoryNames = [GPRCategories]string{
	"war threats", "peace threats", "military buildups", "nuclear threats",
	"terror threats", "beginning of war", "escalation of war", "terror acts",
}

const (
	gprThreatMask = 1<<GPRBeginningOfWar - 1
	gprActMask    = (1<<GPRCategories - 1) &^ gprThreatMask
)

// GPRQuery says what to compute.
type GPRQuery struct {
	By           Interval  // bucket width: Day, Week or Month (default Month)
	Since, Until time.Time // [Since, Until): the buckets reported; both required
	// BaseSince and BaseUntil bound the base period whose mean share is 100;
	// zero values mean the reported range. The base may lie outside it.
	BaseSince, BaseUntil time.Time
	// Countries and Dyads add per-country and per-dyad scopes; codes are
	// whatever Match returns (the CLI uses country codes: "CHN").
	Countries []string
	Dyads     [][2]string
	// Match returns the countries a text names; required with Countries or
	// Dyads. It is called once per document (title and body).
	Match func(text string) []string
	// Window is the proximity, in words, for paired word lists (default 5).
	Window int
	// PageSize is the number of documents read per call (default 500).
	PageSize int
}

// GPRPoint is one bucket of one scope.
type GPRPoint struct {
	Scope                 string // "" for the global index, a code ("CHN") or a dyad ("CHN-JPN")
	Start, End            time.Time
	Stories               int                // all stories of the bucket (the denominator)
	Matches               int                // stories in scope matching any category
	Threats               int                // stories in scope matching a threats category (1–5)
	Acts                  int                // stories in scope matching an acts category (6–8)
	Category              [GPRCategories]int // stories in scope per category
	Share                 float64            // Matches/Stories in percent (0 when there are no stories)
	ThreatShare, ActShare float64
	// GPR, GPRT and GPRA are the shares over their base means × 100;
	// Normalized is false when a base mean is 0 (they are then 0).
	GPR, GPRT, GPRA float64
	Normalized      bool
	Undated         int // documents skipped for want of a date (global scope, first point only)
}

type gprStory struct {
	date      time.Time
	mask      uint8
	countries []string
}

// GPR computes the index for the global scope and each requested country
// and dyad. Points come ordered by scope (global, then Countries, then
// Dyads in query order) and time; every bucket of [Since, Until) appears,
// with zeros when it has no stories.
func GPR(ctx context.Context, docs DocLister, q GPRQuery) ([]GPRPoint, error) {
	if q.By == 0 {
		q.By = Month
	}
	if q.Since.IsZero() || q.Until.IsZero() || !q.Since.Before(q.Until) {
		return nil, fmt.Errorf("gpr: need a range with since before until")
	}
	if (len(q.Countries) > 0 || len(q.Dyads) > 0) && q.Match == nil {
		return nil, fmt.Errorf("gpr: countries or dyads need a country matcher")
	}
	if q.Window <= 0 {
		q.Window = 5
	}
	if q.PageSize <= 0 {
		q.PageSize = 500
	}
	baseSince, baseUntil := q.BaseSince, q.BaseUntil
	if baseSince.IsZero() {
		baseSince = q.Since
	}
	if baseUntil.IsZero() {
		baseUntil = q.Until
	}
	if !baseSince.Before(baseUntil) {
		return nil, fmt.Errorf("gpr: the base period is empty")
	}
	from, to := gprMinTime(q.Since, baseSince), gprMaxTime(q.Until, baseUntil)
	from = q.By.Start(from)

	stories := map[int64]*gprStory{}
	undated := 0
	var after int64
	for {
		page, err := docs.DocsToCode(ctx, after, q.PageSize, "")
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			d := &page[i]
			after = max(after, d.ID)
			if d.Published.IsZero() {
				undated++
				continue
			}
			id := d.StoryID
			if id == 0 {
				id = d.ID
			}
			text := d.Title + ".\n" + d.Body
			s := stories[id]
			if s == nil {
				s = &gprStory{date: d.Published}
				stories[id] = s
			} else if d.Published.Before(s.date) {
				s.date = d.Published
			}
			// Every copy is matched, even one dated outside the range: the
			// story's bucket is its earliest copy's, known only at the end.
			s.mask |= GPRMatch(text, q.Window)
			if q.Match != nil {
				s.countries = gprAppendUnique(s.countries, q.Match(text)...)
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}

	// Buckets over [from, to).
	var starts []time.Time
	for t := from; t.Before(to); t = q.By.Next(t) {
		starts = append(starts, t)
	}
	bucket := func(t time.Time) int {
		b := q.By.Start(t)
		i := sort.Search(len(starts), func(i int) bool { return !starts[i].Before(b) })
		if i < len(starts) && starts[i].Equal(b) {
			return i
		}
		return -1
	}
	type scope struct {
		name string
		in   func(*gprStory) bool
	}
	scopes := []scope{{"", func(*gprStory) bool { return true }}}
	for _, c := range q.Countries {
		scopes = append(scopes, scope{c, func(s *gprStory) bool { return gprHas(s.countries, c) }})
	}
	for _, d := range q.Dyads {
		scopes = append(scopes, scope{d[0] + "-" + d[1], func(s *gprStory) bool {
			return gprHas(s.countries, d[0]) && gprHas(s.countries, d[1])
		}})
	}
	pts := make([][]GPRPoint, len(scopes))
	for k := range scopes {
		pts[k] = make([]GPRPoint, len(starts))
		for i, t := range starts {
			pts[k][i] = GPRPoint{Scope: scopes[k].name, Start: t, End: q.By.Next(t)}
		}
	}
	for _, s := range stories {
		i := bucket(s.date)
		if i < 0 || s.date.Before(from) || !s.date.Before(to) {
			continue
		}
		for k, sc := range scopes {
			p := &pts[k][i]
			p.Stories++
			if s.mask == 0 || !sc.in(s) {
				continue
			}
			p.Matches++
			if s.mask&gprThreatMask != 0 {
				p.Threats++
			}
			if s.mask&gprActMask != 0 {
				p.Acts++
			}
			for c := range GPRCategories {
				if s.mask&(1<<c) != 0 {
					p.Category[c]++
				}
			}
		}
	}

	var out []GPRPoint
	for k := range scopes {
		ps := pts[k]
		inBase := make([]bool, len(ps))
		share, threat, act := make([]float64, len(ps)), make([]float64, len(ps)), make([]float64, len(ps))
		for i := range ps {
			p := &ps[i]
			if p.Stories > 0 {
				p.Share = 100 * float64(p.Matches) / float64(p.Stories)
				p.ThreatShare = 100 * float64(p.Threats) / float64(p.Stories)
				p.ActShare = 100 * float64(p.Acts) / float64(p.Stories)
			}
			share[i], threat[i], act[i] = p.Share, p.ThreatShare, p.ActShare
			// A bucket without stories has no share: it stays out of the base.
			inBase[i] = p.Stories > 0 && !p.Start.Before(q.By.Start(baseSince)) && p.Start.Before(baseUntil)
		}
		g, _, ok1 := Rebase(share, inBase)
		gt, _, ok2 := Rebase(threat, inBase)
		ga, _, ok3 := Rebase(act, inBase)
		for i := range ps {
			p := &ps[i]
			p.GPR, p.GPRT, p.GPRA = g[i], gt[i], ga[i]
			p.Normalized = ok1 && ok2 && ok3
			if p.Start.Before(q.By.Start(q.Since)) || !p.Start.Before(q.Until) {
				continue
			}
			out = append(out, *p)
		}
	}
	if len(out) > 0 {
		out[0].Undated = undated
	}
	return out, nil
}

// Rebase divides each value by the mean of the values where inBase is true
// and multiplies by 100, as the published GPR is its share over the share's
// base-period mean. It returns the mean; ok is false (and every value 0)
// when the base is empty or its mean is 0 or not finite.
func Rebase(values []float64, inBase []bool) (out []float64, mean float64, ok bool) {
	out = make([]float64, len(values))
	n := 0
	for i, v := range values {
		if inBase[i] {
			mean += v
			n++
		}
	}
	if n == 0 {
		return out, 0, false
	}
	mean /= float64(n)
	if mean == 0 || math.IsNaN(mean) || math.IsInf(mean, 0) {
		return out, mean, false
	}
	for i, v := range values {
		out[i] = 100 * v / mean
	}
	return out, mean, true
}

// GPRMatch returns the categories text matches as a bit mask (bit c for
// category c), with window the proximity in words for paired lists.
func GPRMatch(text string, window int) uint8 {
	toks := gprTokens(text)
	var mask uint8
	for c, rules := range gprCategories {
		for _, r := range rules {
			if r.match(toks, window) {
				mask |= 1 << c
				break
			}
		}
	}
	return mask
}

// gprTokens lower-cases text and splits it into words; hyphens and
// apostrophes split too ("build-up" is "build up").
func gprTokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// A gprRule matches a phrase (Near empty) or a word of Phrase within the
// window of a word of Near. Words ending in * match by prefix.
type gprRule struct {
	Phrase []string // a sequence of words, or with Near a list of alternatives
	Near   []string
}

func gprWordIs(tok, pat string) bool {
	if p, ok := strings.CutSuffix(pat, "*"); ok {
		return strings.HasPrefix(tok, p)
	}
	return tok == pat
}

func gprAnyWord(tok string, pats []string) bool {
	for _, p := range pats {
		if gprWordIs(tok, p) {
			return true
		}
	}
	return false
}

func (r gprRule) match(toks []string, window int) bool {
	if len(r.Near) == 0 {
	outer:
		for i := 0; i+len(r.Phrase) <= len(toks); i++ {
			for j, p := range r.Phrase {
				if !gprWordIs(toks[i+j], p) {
					continue outer
				}
			}
			return true
		}
		return false
	}
	last := -1 << 30 // position of the last Near word seen
	lastA := -1 << 30
	for i, t := range toks {
		if gprAnyWord(t, r.Phrase) {
			if i-last <= window {
				return true
			}
			lastA = i
		}
		if gprAnyWord(t, r.Near) {
			if i-lastA <= window {
				return true
			}
			last = i
		}
	}
	return false
}

// gprPhrases builds phrase rules from space-separated strings.
func gprPhrases(ss ...string) []gprRule {
	rs := make([]gprRule, len(ss))
	for i, s := range ss {
		rs[i] = gprRule{Phrase: strings.Fields(s)}
	}
	return rs
}

// gprNear builds one proximity rule from two space-separated word lists.
func gprNear(a, b string) gprRule {
	return gprRule{Phrase: strings.Fields(a), Near: strings.Fields(b)}
}

// Threat words shared by the threats categories.
const gprThreatWords = "threat* threaten* menac* warn* fear* risk* danger* tension* brink imminent looming " +
	"ultimatum* prospect* possib* potential spectre specter"

// gprCategories holds georisk's word lists, written from the category
// definitions in Caldara and Iacoviello (2022).
var gprCategories = [GPRCategories][]gprRule{
	GPRWarThreats: {
		gprNear("war wars warfare hostilities conflict* confrontation* clash* invasion* coup* insurrection* "+
			"geopolitic*", gprThreatWords),
		gprNear("war", "risk* edge verge brink drums talk"),
	},
	GPRPeaceThreats: {
		gprNear("peace truce ceasefire armistice treaty treaties accord* negotiat* talks",
			"collaps* break* broke broken fail* jeopard* threat* threaten* undermin* stall* violat* abandon* crumbl* "+
				"unravel* suspend* derail*"),
	},
	GPRMilitaryBuildups: append(gprPhrases(
		"military buildup", "military build up", "arms race", "arms buildup", "arms build up",
		"naval buildup", "troop buildup", "troops buildup", "massing troops", "massed troops", "troops massed",
		"mobilization of", "mobilisation of", "missile test*", "military drill*", "war game*",
		"military exercise*", "rearm*", "defence spending", "defense spending",
	), gprNear("troop* forces army armies warship* navy fleet missiles tanks",
		"mass* deploy* buildup build mobiliz* mobilis* reinforc* amass* border")),
	GPRNuclearThreats: {
		gprNear("nuclear atomic", "war warfare threat* threaten* weapon* warhead* bomb* missile* test* arsenal* "+
			"strike* attack* escalat* blackmail* deterren*"),
		gprNear("thermonuclear hydrogen", "bomb* test* weapon*"),
	},
	GPRTerrorThreats: {
		gprNear("terror* terrorist* extremist* jihad* militant*", gprThreatWords+" plot* alert* foiled"),
	},
	GPRBeginningOfWar: append(gprPhrases(
		"declaration of war", "declared war", "declares war", "declare war", "outbreak of war",
		"outbreak of hostilities", "war broke out", "war breaks out", "war began", "war begins",
		"start of the war", "launched an invasion", "launches an invasion", "launched an offensive",
		"launched a military", "full scale invasion", "invaded",
	), gprNear("invasion* invade*", "launch* began begin* start*")),
	GPREscalationOfWar: append(gprPhrases(
		"air strike*", "airstrike*", "air raid*", "ground offensive", "shelling", "bombardment*",
		"escalation of the war", "escalation of the conflict", "war escalat*", "conflict escalat*",
		"counteroffensive", "counter offensive",
	), gprNear("war warfare fighting battle* offensive troops military forces army",
		"escalat* intensif* casualt* killed dead kill* wounded widen* spread* expand*")),
	GPRTerrorActs: append(gprPhrases(
		"terrorist attack*", "terror attack*", "suicide bomb*", "car bomb*", "bomb attack*",
		"hostage*", "hijack*", "mass shooting", "bombing of",
	), gprNear("terror* terrorist* extremist* jihad* militant* insurgent*",
		"attack* bomb* kill* killed explosion* blast* massacre* kidnap* seized shooting")),
}

func gprAppendUnique(dst []string, vs ...string) []string {
	for _, v := range vs {
		if !gprHas(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}

func gprHas(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func gprMinTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func gprMaxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
