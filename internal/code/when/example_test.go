package when_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/code/when"
)

func ExampleFind() {
	published := time.Date(2023, 8, 2, 15, 0, 0, 0, time.UTC)
	s := "Japan and France held their first joint fighter drill between 26-29 July, officials said on Wednesday."
	d, ok := when.Find(s, published)
	fmt.Println(ok, d.Text, d.Day.Format(time.DateOnly), d.End.Format(time.DateOnly), d.Precision)
	// Output: true between 26-29 July 2023-07-26 2023-07-29 day
}

func ExampleNear() {
	published := time.Date(2023, 8, 7, 9, 0, 0, 0, time.UTC) // a Monday
	s := "Manila said on Monday that Chinese ships fired water cannon at its boats on Saturday."
	verb := strings.Index(s, "fired") // where the coder found its verb
	d, _ := when.Near(s, published, verb)
	fmt.Println(s[verb:verb+5], "→", d.Text, d.Day.Format("Mon 2 Jan 2006"))
	// Output: fired → on Saturday Sat 5 Aug 2023
}
