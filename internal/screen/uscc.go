package screen

import "strings"

// usccChars are the characters of a Unified Social Credit Code, in the
// order of their values 0–30 (I, O, S, V and Z are not used).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidUSCC reports whether s is a well-formed 18-character Unified Social
// Credit Code (统一社会信用代码, GB 32100-2015) whose last character is its
// check character.
func ValidUSCC(s string) bool {
	if len(s) != 18 {
		return false
	}
	s = strings.ToUpper(s)
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(usccChars, s[i])
		if v < 0 {
			return false
		}
		sum += v * usccWeights[i]
	}
	check := (31 - sum%31) % 31
	return s[17] == usccChars[check]
}

// USCCCheck returns the check character for the first 17 characters of a
// Unified Social Credit Code, or 0 when they are not valid code characters.
func USCCCheck(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(usccChars, strings.ToUpper(first17)[i])
		if v < 0 {
			return 0
		}
		sum += v * usccWeights[i]
	}
	return usccChars[(31-sum%31)%31]
}

// idTokens returns the identifier-like parts of free text ("USCC
// 91440300192203821T", "Passport No. G123456 (China)"): runs of letters and
// digits, of at least 5 characters, with at least one digit, upper-cased.
func idTokens(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-')
	}) {
		f = strings.ReplaceAll(f, "-", "")
		if len(f) >= 5 && strings.ContainsAny(f, "0123456789") {
			out = append(out, f)
		}
	}
	return out
}
