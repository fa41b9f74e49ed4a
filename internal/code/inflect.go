package code

import "strings"

// inflections returns a word's inflected forms, the word first: for a verb
// its third person, past, past participle and present participle; for a
// noun its plural. It over-generates ("visitted" next to "visited") because
// a form that never occurs in text costs nothing at run time, while a
// missing one loses events. Irregular verbs take their forms from the
// irregular table.
func inflections(w string) []string {
	out := []string{w}
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	if forms, ok := irregular[w]; ok {
		for _, f := range strings.Fields(forms) {
			add(f)
		}
	}
	n := len(w)
	if n == 0 {
		return out
	}
	last := w[n-1]
	consY := n >= 2 && last == 'y' && !isVowel(w[n-2])

	// Third person and plural.
	switch {
	case strings.HasSuffix(w, "s") || strings.HasSuffix(w, "x") || strings.HasSuffix(w, "z") ||
		strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") || strings.HasSuffix(w, "o"):
		add(w + "es")
	case consY:
		add(w[:n-1] + "ies")
	default:
		add(w + "s")
	}

	// Past and participles.
	switch {
	case last == 'e' && n >= 2 && (w[n-2] == 'e' || w[n-2] == 'y' || w[n-2] == 'o'):
		// agree → agreed, agreeing; eye → eyed
		add(w + "d")
		add(w + "ing")
	case strings.HasSuffix(w, "ie"):
		// tie → tied, tying
		add(w + "d")
		add(w[:n-2] + "ying")
	case last == 'e':
		add(w + "d")
		add(w[:n-1] + "ing")
	case consY:
		add(w[:n-1] + "ied")
		add(w + "ing")
	default:
		add(w + "ed")
		add(w + "ing")
		// Consonant doubling after a single short vowel: ban → banned,
		// commit → committed. Both spellings are kept for words like
		// "visit", where stress decides.
		if n >= 3 && !isVowel(last) && last != 'w' && last != 'x' && last != 'y' &&
			isVowel(w[n-2]) && !isVowel(w[n-3]) {
			d := w + string(last)
			add(d + "ed")
			add(d + "ing")
		}
		// British and American spellings of -l: cancel → cancelled, canceled.
		if last == 'l' && n >= 2 && isVowel(w[n-2]) {
			add(w + "led")
			add(w + "ling")
		}
	}
	return out
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u':
		return true
	}
	return false
}

// irregular lists the irregular verbs the patterns use: past, then the past
// participle(s) when they differ. Regular forms are derived as well, so that
// "cut" still gets "cuts" and "cutting".
var irregular = map[string]string{
	"arise":      "arose arisen",
	"bear":       "bore borne",
	"beat":       "beat beaten",
	"begin":      "began begun",
	"bid":        "bid",
	"blow":       "blew blown",
	"break":      "broke broken",
	"bring":      "brought",
	"build":      "built",
	"buy":        "bought",
	"catch":      "caught",
	"choose":     "chose chosen",
	"come":       "came come",
	"cut":        "cut",
	"deal":       "dealt",
	"draw":       "drew drawn",
	"drive":      "drove driven",
	"fall":       "fell fallen",
	"feel":       "felt",
	"fight":      "fought",
	"flee":       "fled",
	"fly":        "flew flown",
	"forbid":     "forbade forbidden",
	"forgive":    "forgave forgiven",
	"forgo":      "forwent forgone",
	"freeze":     "froze frozen",
	"get":        "got gotten",
	"give":       "gave given",
	"go":         "went gone",
	"hang":       "hung",
	"hide":       "hid hidden",
	"hit":        "hit",
	"hold":       "held",
	"keep":       "kept",
	"lay":        "laid",
	"lead":       "led",
	"leave":      "left",
	"lend":       "lent",
	"let":        "let",
	"lose":       "lost",
	"make":       "made",
	"meet":       "met",
	"mislead":    "misled",
	"overrun":    "overran overrun",
	"overthrow":  "overthrew overthrown",
	"pay":        "paid",
	"put":        "put",
	"quit":       "quit",
	"rebuild":    "rebuilt",
	"rise":       "rose risen",
	"run":        "ran run",
	"say":        "said",
	"see":        "saw seen",
	"seek":       "sought",
	"sell":       "sold",
	"send":       "sent",
	"set":        "set",
	"shake":      "shook shaken",
	"shoot":      "shot",
	"shut":       "shut",
	"sink":       "sank sunk",
	"slay":       "slew slain",
	"speak":      "spoke spoken",
	"spend":      "spent",
	"split":      "split",
	"spread":     "spread",
	"stand":      "stood",
	"steal":      "stole stolen",
	"strike":     "struck struck stricken",
	"swear":      "swore sworn",
	"sweep":      "swept",
	"take":       "took taken",
	"teach":      "taught",
	"tear":       "tore torn",
	"tell":       "told",
	"think":      "thought",
	"throw":      "threw thrown",
	"understand": "understood",
	"undertake":  "undertook undertaken",
	"uphold":     "upheld",
	"upset":      "upset",
	"win":        "won",
	"withdraw":   "withdrew withdrawn",
	"withhold":   "withheld",
	"write":      "wrote written",
}

// participle reports whether a lowercased word form looks like a past
// participle: regular -ed forms and the irregular participles above.
func participle(w string) bool {
	if strings.HasSuffix(w, "ed") && len(w) > 3 {
		return true
	}
	return irregularParticiple[w]
}

var irregularParticiple = func() map[string]bool {
	m := map[string]bool{}
	for _, forms := range irregular {
		f := strings.Fields(forms)
		// One form is both past and participle ("held"); with more, the
		// ones after the past are participles.
		if len(f) == 1 {
			m[f[0]] = true
			continue
		}
		for _, p := range f[1:] {
			m[p] = true
		}
	}
	return m
}()
