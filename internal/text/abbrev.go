package text

// abbr says how a word written with a final period behaves: whether the
// period may end a sentence, and whether the tokenizer keeps it in the word.
type abbr uint8

const (
	abNone abbr = iota
	// abTitle words come before a name or a number and never end a
	// sentence: "Mr.", "Gen.", "Sen.", "e.g.", "vs.".
	abTitle
	// abNum words come before a number ("No. 10", "Art. 5"): before a digit
	// the period does not end the sentence, before anything else it does.
	abNum
	// abMonth words are abbreviated months: they never end a sentence
	// before a digit ("Sept. 11") and otherwise behave like abSuffix.
	abMonth
	// abSuffix words often end a sentence and often do not ("Apple Inc.
	// said" / "sold to Apple Inc. The deal…"); the period ends a sentence
	// only when the next word is a usual sentence opener (see starter).
	// Dotted abbreviations ("U.S.", "a.m.") and single capital letters
	// (initials, "J. Biden") are in this class too.
	abSuffix
	// abCorp words end company names ("Inc.", "Corp.", "Ltd.", "Plc."):
	// the period ends the sentence unless a lower-case word or more of
	// the name follows (another company word, or a title such as "Chief"
	// or "Chairman"; see nameGoesOn).
	abCorp
	// abEtc is "etc.": the period stays in the token, and the sentence ends
	// unless a lower-case word follows, as after any other word.
	abEtc
)

// abbrev classifies w, a word without its final period.
func abbrev(w string) abbr {
	switch w {
	case "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mmes", "Dr", "Drs", "Prof", "Gen", "Gens", "Col",
		"Lt", "Sen", "Sens", "Rep", "Reps", "Gov", "Govs", "St", "Ste", "Sgt", "Capt", "Maj", "Adm",
		"Cmdr", "Cdr", "Cpl", "Pvt", "Rev", "Hon", "Pres", "Amb", "Mt", "Ft", "Supt", "Insp",
		"Det", "Brig", "Lieut", "Atty", "Sec", "Fr", "Sr", "Sra", "Mx",
		"MR", "MRS", "MS", "DR", "GEN", "SEN", "REP", "GOV", "ST",
		"vs", "v", "e.g", "i.e", "cf", "approx", "viz", "ca", "incl", "esp", "Vs", "E.g", "I.e":
		return abTitle
	case "No", "Nos", "no", "nos", "NO", "Art", "Arts", "art", "Fig", "Figs", "fig", "Vol", "Vols",
		"vol", "pp", "p", "para", "paras", "Para", "Ch", "ch", "Nr", "nr", "Op", "op", "Pt", "pt":
		return abNum
	case "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
		"JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC":
		return abMonth
	case "Inc", "Corp", "Ltd", "Plc", "Pty", "Cos", "INC", "CORP", "LTD", "PLC":
		return abCorp
	case "Co", "Bros", "Jr", "Dept", "Depts", "Govt", "Assn", "Intl", "Univ", "Ave", "Blvd", "Rd",
		"Hwy", "Mfg", "Esq", "Ph.D", "CO", "JR",
		// US states as AP style writes them: "Flint, Mich."
		"Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
		"Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev",
		"Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo":
		return abSuffix
	case "etc", "Etc", "ETC":
		return abEtc
	}
	if len(w) == 1 && isUpper(w[0]) {
		return abSuffix
	}
	if dotted(w) {
		return abSuffix
	}
	return abNone
}

// dotted reports whether w is a dotted abbreviation without its final
// period: segments of one or two ASCII letters joined by periods ("U.S",
// "a.m", "Ph.D", "U.S.A").
func dotted(w string) bool {
	if len(w) < 3 || len(w) > 12 {
		return false
	}
	seg, dots := 0, 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case isLetter(c):
			seg++
			if seg > 2 {
				return false
			}
		case c == '.':
			if seg == 0 {
				return false
			}
			seg = 0
			dots++
		default:
			return false
		}
	}
	return dots > 0 && seg > 0
}

// starter reports whether w, a capitalised word, usually opens a sentence.
// It decides the ambiguous periods of abSuffix words: "in the U.S. The talks"
// ends a sentence, "the U.S. Navy" does not.
func starter(w string) bool {
	switch w {
	case "The", "A", "An", "It", "Its", "He", "She", "They", "We", "I", "You", "In", "On", "At",
		"By", "But", "And", "Or", "Yet", "So", "This", "That", "These", "Those", "There", "Their",
		"His", "Her", "Our", "My", "As", "For", "If", "When", "While", "After", "Before", "However",
		"Meanwhile", "Also", "Still", "Some", "Many", "Most", "Both", "Since", "Although",
		"Though", "Despite", "During", "With", "Without", "Earlier", "Later", "Last", "Next",
		"What", "Who", "Why", "How", "Where", "Which", "Then", "Now", "Thus", "Instead", "Another",
		"All", "Each", "According", "Such", "Nor", "Not", "Only", "Even", "Under", "Asked", "Yes":
		return true
	}
	return false
}

// nameGoesOn reports whether w, a capitalised word after "Inc." or the
// like, continues the name rather than opening a sentence: "Co. Ltd.",
// "Corp. Chief Executive".
func nameGoesOn(w string) bool {
	switch w {
	case "Co", "Inc", "Corp", "Ltd", "Plc", "LLC", "LP", "AG", "SA", "NV", "SE", "Group", "Holdings",
		"Chief", "Chairman", "Chairwoman", "President", "Executive", "CEO", "CFO", "Vice",
		"Director", "Managing", "Senior", "Head", "Founder", "Spokesman", "Spokeswoman", "Unit",
		"Subsidiary":
		return true
	}
	return false
}

func isUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isLetter(c byte) bool { return isUpper(c) || isLower(c) }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
