package text

import "testing"

func FuzzSentences(f *testing.F) {
	for _, s := range []string{
		"NATO leaders met in Vilnius. Sweden's bid was unblocked.",
		"HEADLINE IN CAPITALS\nBody text follows here.",
		"The U.S. Navy sailed.\n\nGen. Brown said, \"It is over.\" Then…",
		"中国。日本！ok? هل؟ भारत।",
		"\xff\xfe\xc3 junk . . ...",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkSentences(t, s, Sentences(s, nil))
	})
}

func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		"China's F-16s rose 2,111 and 3.5% in the U.S.-led Indo-Pacific.",
		"“Not one inch!” 26–29 July, 12th, 1990s, a.m., e.g., etc.",
		"中国海警 ロシア भारत ٢٠٢٣ \xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokens(t, s, Tokens(s, nil))
	})
}
