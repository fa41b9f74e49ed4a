package screen

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Index holds list entries for screening. Build it with [NewIndex]; it is
// immutable afterwards and safe for concurrent use.
type Index struct {
	entries  []Entry
	forms    []form
	owner    []int32 // entry of each form
	primary  []int32 // first form of each entry (-1 when it has none)
	start    []int32 // forms of entry i are forms[start[i]:start[i+1]]
	postings map[string][]int32
	df       map[string]int32 // forms holding each token
	ids      []map[string]bool
	pool     sync.Pool // *scratch
}

type scratch struct {
	acc     []float32
	touched []int32
}

// Blocking limits: a key held by more than maxPosting forms is not
// visited unless it is the query's rarest; a query visits at most
// visitBudget postings and scores at most candidates forms.
const (
	maxPostingMin = 2000
	visitBudget   = 40000
	candidates    = 64
)

// NewIndex indexes entries. Entries whose names normalize to nothing are
// kept but can be found only by identifier.
func NewIndex(entries []Entry) *Index {
	ix := &Index{
		entries:  entries,
		postings: map[string][]int32{},
		df:       map[string]int32{},
		primary:  make([]int32, len(entries)),
		ids:      make([]map[string]bool, len(entries)),
		start:    make([]int32, len(entries)+1),
	}
	for ei := range entries {
		e := &entries[ei]
		ix.start[ei] = int32(len(ix.forms))
		ix.primary[ei] = -1
		add := func(name string, weak bool, secondary bool) {
			for vi, v := range variants(name) {
				for _, f := range analyze(v, e.Type, secondary || vi > 0) {
					f.weak = f.weak || weak
					if ix.primary[ei] < 0 {
						ix.primary[ei] = int32(len(ix.forms))
					}
					ix.forms = append(ix.forms, f)
					ix.owner = append(ix.owner, int32(ei))
				}
			}
		}
		add(e.Name, false, false)
		for _, a := range e.Aliases {
			add(a, false, true)
		}
		for _, a := range e.WeakAliases {
			add(a, true, true)
		}
		for _, s := range e.IDs {
			for _, id := range idTokens(s) {
				if ix.ids[ei] == nil {
					ix.ids[ei] = map[string]bool{}
				}
				ix.ids[ei][id] = true
			}
		}
	}
	for fi := range ix.forms {
		f := &ix.forms[fi]
		seen := map[string]bool{}
		for _, t := range f.toks {
			if !seen[t.s] {
				seen[t.s] = true
				ix.df[t.s]++
			}
		}
		for _, k := range keys(f) {
			p := ix.postings[k.key]
			if n := len(p); n > 0 && p[n-1] == int32(fi) {
				continue
			}
			ix.postings[k.key] = append(p, int32(fi))
		}
	}
	for ei := range entries {
		if ix.primary[ei] < 0 {
			continue
		}
		for id := range ix.ids[ei] {
			ix.postings["i"+id] = append(ix.postings["i"+id], ix.primary[ei])
		}
	}
	ix.start[len(entries)] = int32(len(ix.forms))
	ix.pool.New = func() any { return &scratch{acc: make([]float32, len(ix.forms))} }
	return ix
}

// Len returns the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

type weightedKey struct {
	key string
	w   float32
}

// keys returns the blocking keys of a form: its tokens and neighbouring
// pairs joined, consonant skeletons and 4-character prefixes of longer
// tokens, pinyin syllable pairs, and Chinese character bigrams.
func keys(f *form) []weightedKey {
	var ks []weightedKey
	kw := func(k uint8) float32 {
		switch k {
		case kindDesc:
			return weightDesc
		case kindPlace:
			return weightPlace
		}
		return 1
	}
	for i, t := range f.toks {
		w := kw(t.kind)
		if len(t.s) >= 2 {
			ks = append(ks, weightedKey{"t" + t.s, w})
		}
		if i+1 < len(f.toks) {
			ks = append(ks, weightedKey{"t" + t.s + f.toks[i+1].s, min(w, kw(f.toks[i+1].kind))})
		}
		if t.kind == kindCore && len(t.s) >= 4 {
			if sk := skeleton(t.s); len(sk) >= 3 {
				ks = append(ks, weightedKey{"p" + sk, 0.6})
			}
		}
		if t.kind == kindCore && len(t.s) >= 6 && isASCII(t.s) {
			ks = append(ks, weightedKey{"n" + t.s[:4], 0.4})
		}
	}
	if len(f.syl) == 1 {
		ks = append(ks, weightedKey{"s" + f.syl[0], 0.5})
	}
	for i := 0; i+1 < len(f.syl); i++ {
		ks = append(ks, weightedKey{"s" + f.syl[i] + " " + f.syl[i+1], 0.7})
	}
	rs := []rune(f.han)
	if len(rs) == 1 {
		ks = append(ks, weightedKey{"h" + f.han, 1})
	}
	for i := 0; i+1 < len(rs); i++ {
		ks = append(ks, weightedKey{"h" + string(rs[i:i+2]), 1})
	}
	return ks
}

// Screen returns the entries that match q, best first. It returns an error
// wrapping ErrQuery for a name that cannot be screened.
func (ix *Index) Screen(q Query) ([]Hit, error) {
	qf, err := queryForms(q.Name, q.Type)
	if err != nil {
		return nil, err
	}
	qids := map[string]bool{}
	for _, s := range append([]string{q.Name}, q.IDs...) {
		for _, id := range idTokens(s) {
			if s != q.Name || ValidUSCC(id) {
				qids[id] = true
			}
		}
	}
	threshold := q.Threshold
	if threshold <= 0 {
		threshold = DefaultThreshold
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	cands := ix.candidates(qf, qids)
	best := map[int32]*Hit{}
	var order []int32
	for _, fi := range cands {
		ei := ix.owner[fi]
		ef := &ix.forms[fi]
		score, why := 0.0, []string(nil)
		for i := range qf {
			if s, w := ix.compare(&qf[i], ef); s > score {
				score, why = s, w
			}
		}
		h := best[ei]
		if h != nil && h.Score >= score {
			continue
		}
		if h == nil {
			h = &Hit{}
			best[ei] = h
			order = append(order, ei)
		}
		e := &ix.entries[ei]
		*h = Hit{List: e.List, ID: e.ID, Name: e.Name, Matched: ef.text, Score: score, Why: why,
			Type: e.Type, Countries: e.Countries, Programs: e.Programs, Source: e.Source}
	}
	var qhan []string
	for _, f := range qf {
		if f.han != "" {
			qhan = append(qhan, f.hanKey)
		}
	}
	var hits []Hit
	for _, ei := range order {
		h := best[ei]
		ix.capByCharacters(h, ei, qhan)
		ix.secondary(h, &ix.entries[ei], ei, q, qids)
		h.Score = math.Round(h.Score*1000) / 1000
		if h.Score >= threshold {
			hits = append(hits, *h)
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.List, b.List), cmp.Compare(a.ID, b.ID))
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits, nil
}

// Result is the outcome of one query of a batch.
type Result struct {
	Query Query
	Hits  []Hit
	Err   error
}

// ScreenAll screens queries on all processors; results are in query order.
func (ix *Index) ScreenAll(qs []Query) []Result {
	out := make([]Result, len(qs))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(qs)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(qs); i += workers {
				hits, err := ix.Screen(qs[i])
				out[i] = Result{qs[i], hits, err}
			}
		})
	}
	wg.Wait()
	return out
}

// candidates gathers forms sharing blocking keys with the query, rarest
// keys first, and returns the best-supported ones.
func (ix *Index) candidates(qf []form, qids map[string]bool) []int32 {
	seen := map[string]bool{}
	var ks []weightedKey
	for i := range qf {
		for _, k := range keys(&qf[i]) {
			if !seen[k.key] {
				seen[k.key] = true
				ks = append(ks, k)
			}
		}
	}
	for id := range qids {
		ks = append(ks, weightedKey{"i" + id, 4})
	}
	slices.SortFunc(ks, func(a, b weightedKey) int {
		return cmp.Or(cmp.Compare(len(ix.postings[a.key]), len(ix.postings[b.key])), cmp.Compare(a.key, b.key))
	})
	sc := ix.pool.Get().(*scratch)
	defer ix.pool.Put(sc)
	n := float64(len(ix.forms) + 1)
	maxPosting := max(maxPostingMin, len(ix.forms)/50)
	visited := 0
	for _, k := range ks {
		post := ix.postings[k.key]
		if len(post) == 0 {
			continue
		}
		if visited > 0 && (len(post) > maxPosting || visited+len(post) > visitBudget) {
			break // the rest are at least as common
		}
		if len(post) > visitBudget {
			post = post[:visitBudget]
		}
		w := k.w * float32(math.Log(n/float64(len(post))+1))
		for _, fi := range post {
			if sc.acc[fi] == 0 {
				sc.touched = append(sc.touched, fi)
			}
			sc.acc[fi] += w
		}
		visited += len(post)
	}
	// Keep the best-supported forms (a bounded selection).
	top := sc.touched
	if len(top) > candidates {
		top = slices.Clone(top)
		slices.SortFunc(top, func(a, b int32) int {
			return cmp.Or(cmp.Compare(sc.acc[b], sc.acc[a]), cmp.Compare(a, b))
		})
		top = top[:candidates]
	} else {
		top = slices.Clone(top)
	}
	for _, fi := range sc.touched {
		sc.acc[fi] = 0
	}
	sc.touched = sc.touched[:0]
	return top
}

// weight is a token's weight in a comparison: rarer tokens and distinctive
// ones weigh more.
func (ix *Index) weight(t token) float64 {
	if t.flat {
		return 1
	}
	w := 1.0
	if len(ix.forms) > 100 {
		df := float64(ix.df[t.s])
		n := float64(len(ix.forms))
		w = 0.3 + 0.7*math.Log((n+1)/(df+1))/math.Log(n+1)
	}
	switch t.kind {
	case kindDesc:
		w *= weightDesc
	case kindPlace:
		w *= weightPlace
	}
	return w
}

// tokenSim compares two tokens: short ones must be equal, pinyin ones
// must have the same syllables (Jinping is not Jinhua), others may differ
// by a few characters (Jaro–Winkler of at least 0.85).
func tokenSim(a, b *token) float64 {
	if a.s == b.s {
		return 1
	}
	if len(a.syl) > 0 && len(b.syl) > 0 {
		return 0
	}
	if utf8.RuneCountInString(a.s) <= 3 || utf8.RuneCountInString(b.s) <= 3 {
		return 0
	}
	if s := JaroWinkler(a.s, b.s); s >= 0.85 {
		return s
	}
	return 0
}

// softMatch is the weighted share of both names' tokens that find a match
// in the other name. Descriptive words and places that only one name has
// ("Hikvision" against "Hangzhou Hikvision Digital Technology") cost
// little; when both names have such words and they differ ("Dahua Bank",
// "Dahua Technology"), they conflict and cost more.
func (ix *Index) softMatch(a, b []token) (float64, []string) {
	var num, den float64
	var pairs []string
	bestA := make([]float64, len(a))
	bestB := make([]float64, len(b))
	for i := range a {
		for j := range b {
			s := tokenSim(&a[i], &b[j])
			if s > bestA[i] {
				bestA[i] = s
			}
			bestB[j] = max(bestB[j], s)
		}
	}
	extraA, extraB := false, false
	for i := range a {
		extraA = extraA || bestA[i] == 0 && a[i].kind != kindCore
	}
	for j := range b {
		extraB = extraB || bestB[j] == 0 && b[j].kind != kindCore
	}
	conflict := extraA && extraB
	w := func(t token, best float64) float64 {
		if best == 0 && conflict && t.kind != kindCore {
			if t.kind == kindPlace {
				return 0.3
			}
			return 0.5
		}
		return ix.weight(t)
	}
	for i, x := range a {
		wx := w(x, bestA[i])
		num += wx * bestA[i]
		den += wx
		if bestA[i] > 0 {
			with := ""
			for j := range b {
				if tokenSim(&a[i], &b[j]) == bestA[i] {
					with = b[j].s
					break
				}
			}
			if with == x.s {
				pairs = append(pairs, x.s)
			} else {
				pairs = append(pairs, x.s+"≈"+with)
			}
		}
	}
	for j, y := range b {
		wy := w(y, bestB[j])
		num += wy * bestB[j]
		den += wy
	}
	if den == 0 {
		return 0, nil
	}
	return num / den, pairs
}

// sylMatch is the share of pinyin syllables the two names have in common
// (as multisets).
func sylMatch(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	common := 0
	for _, s := range b {
		if count[s] > 0 {
			count[s]--
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// compare scores a query form against an entry form and says why.
func (ix *Index) compare(q, e *form) (float64, []string) {
	score, why := 0.0, []string(nil)
	consider := func(s float64, reason string) {
		if s > score {
			score, why = s, []string{reason}
		}
	}
	if len(q.toks) > 0 && len(e.toks) > 0 {
		s, pairs := ix.softMatch(q.toks, e.toks)
		consider(s, "words "+fmtScore(s)+": "+strings.Join(pairs, ", "))
	}
	if len(q.joined) >= 4 && len(e.joined) >= 4 {
		s := 0.97 * levRatio(q.joined, e.joined)
		consider(s, "spelling "+fmtScore(s)+": "+q.joined+" ~ "+e.joined)
	}
	if len(q.syl) >= 2 && len(e.syl) >= 2 {
		s := sylMatch(q.syl, e.syl)
		consider(s, "pinyin "+fmtScore(s)+": "+strings.Join(q.syl, " ")+" ~ "+strings.Join(e.syl, " "))
	}
	if q.han != "" && e.han != "" {
		// Both in characters: the characters decide; the same sound
		// written with other characters is another name.
		c := levRatio(q.hanKey, e.hanKey)
		if c >= score {
			score, why = c, []string{"characters " + fmtScore(c) + ": " + q.han + " ~ " + e.han}
		} else {
			capped := min(score, 0.8, c+0.3)
			why = append(why, "characters differ ("+q.han+" ≠ "+e.han+"): lowered from "+fmtScore(score)+" to "+fmtScore(capped))
			score = capped
		}
	}
	if e.wg {
		score *= 0.92
		why = append(why, "matched a Wade–Giles form (weak alias): ×0.92")
	} else if e.weak {
		score *= 0.95
		why = append(why, "matched a weak alias: ×0.95")
	}
	return score, why
}

// capByCharacters lowers a hit whose entry is written in Chinese characters
// too, when the characters differ from the query's: a match through pinyin
// or an English name then only says the names sound alike.
func (ix *Index) capByCharacters(h *Hit, ei int32, qhan []string) {
	if len(qhan) == 0 {
		return
	}
	c, has, with := 0.0, false, ""
	for fi := ix.start[ei]; fi < ix.start[ei+1]; fi++ {
		f := &ix.forms[fi]
		if f.han == "" {
			continue
		}
		for _, q := range qhan {
			if r := levRatio(q, f.hanKey); !has || r > c {
				c, has, with = r, true, f.han
			}
		}
	}
	if !has || c >= h.Score {
		return
	}
	if capped := max(c, min(h.Score, 0.8, c+0.3)); capped < h.Score {
		h.Why = append(h.Why, "the entry's characters "+with+" differ from the query's: lowered from "+fmtScore(h.Score)+" to "+fmtScore(capped))
		h.Score = capped
	}
}

// secondary raises or lowers a hit by type, country, date of birth and
// identifiers.
func (ix *Index) secondary(h *Hit, e *Entry, ei int32, q Query, qids map[string]bool) {
	for id := range qids {
		if ix.ids[ei][id] {
			h.Score = max(h.Score, 0.99)
			h.Why = append(h.Why, "identifier "+id+" matches")
			return
		}
	}
	if len(qids) > 0 && len(ix.ids[ei]) > 0 {
		h.Score -= 0.1
		h.Why = append(h.Why, "identifiers differ: −0.10")
	}
	if q.Type != "" && e.Type != "" && q.Type != e.Type && (q.Type == Person || e.Type == Person) {
		h.Score -= 0.25
		h.Why = append(h.Why, "type "+q.Type+" ≠ "+e.Type+": −0.25")
	}
	if c := CountryCode(q.Country); c != "" && len(e.Countries) > 0 {
		found := false
		for _, ec := range e.Countries {
			if CountryCode(ec) == c {
				found = true
			}
		}
		if found {
			h.Score += 0.02
			h.Why = append(h.Why, "country "+c+" matches: +0.02")
		} else {
			h.Score -= 0.05
			h.Why = append(h.Why, "country "+c+" not among "+strings.Join(e.Countries, ", ")+": −0.05")
		}
	}
	if qy := years(q.DOB); len(qy) > 0 {
		var ey []string
		for _, d := range e.DOBs {
			ey = append(ey, years(d)...)
		}
		if len(ey) > 0 {
			if slices.Contains(ey, qy[0]) {
				h.Score += 0.03
				h.Why = append(h.Why, "year of birth "+qy[0]+" matches: +0.03")
			} else {
				h.Score -= 0.1
				h.Why = append(h.Why, "year of birth "+qy[0]+" not among "+strings.Join(ey, ", ")+": −0.10")
			}
		}
	}
	h.Score = min(1, max(0, h.Score))
}

// years returns the four-digit years (1900–2099) in s.
func years(s string) []string {
	var out []string
	for i := 0; i+4 <= len(s); i++ {
		y := s[i : i+4]
		if (y[:2] == "19" || y[:2] == "20") && isDigits(y) && (i == 0 || !isDigit(s[i-1])) && (i+4 == len(s) || !isDigit(s[i+4])) {
			out = append(out, y)
		}
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func fmtScore(s float64) string {
	v := int(math.Round(s * 100))
	return string([]byte{byte('0' + v/100), '.', byte('0' + v/10%10), byte('0' + v%10)})
}
