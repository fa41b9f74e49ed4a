package text_test

import (
	"fmt"

	"github.com/georisk/georisk/internal/text"
)

func ExampleSentences() {
	body := "NATO LEADERS MEET IN VILNIUS\n" +
		"VILNIUS, July 11 (Reuters) - The U.S. and its allies said\n" +
		"Ukraine's future was in NATO. Gen. Brown agreed.\n\n" +
		"Sweden joined on 7 March 2024"
	var ss []text.Sentence // reuse across articles
	ss = text.Sentences(body, ss[:0])
	for _, s := range ss {
		fmt.Printf("%q\n", body[s.Start:s.End])
	}
	// Output:
	// "NATO LEADERS MEET IN VILNIUS"
	// "VILNIUS, July 11 (Reuters) - The U.S. and its allies said\nUkraine's future was in NATO."
	// "Gen. Brown agreed."
	// "Sweden joined on 7 March 2024"
}

func ExampleTokens() {
	s := "China's F-16s rose 2.5% in the U.S."
	for _, t := range text.Tokens(s, nil) {
		fmt.Println(t.Kind, t.Text(s))
	}
	// Output:
	// Word China's
	// Word F-16s
	// Word rose
	// Number 2.5%
	// Word in
	// Word the
	// Word U.S.
}

func ExampleLower() {
	fmt.Println(text.Lower("NATO"), text.Lower("summit"))
	// Output: nato summit
}
