package source_test

import (
	"context"
	"fmt"

	"github.com/georisk/georisk/internal/source"
)

func ExampleRead() {
	inputs := []string{"testdata/news.jsonl", "testdata/missing.html"}
	err := source.Read(context.Background(), inputs, nil, source.Options{},
		func(it source.Item) error {
			fmt.Printf("%s %s %q\n", it.Input, it.Date.Format("2006-01-02"), it.Title)
			return nil
		},
		func(f source.Failure) {
			fmt.Println("failed:", f.Err)
		})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// testdata/news.jsonl:1 2023-04-04 "Finland joins NATO"
	// testdata/news.jsonl:2 2023-08-24 "BRICS invites six countries to join"
	// testdata/news.jsonl:4 2023-07-26 "Coup in Niger"
	// testdata/news.jsonl:5 0001-01-01 "Japan starts releasing treated Fukushima water"
	// failed: testdata/missing.html: no such file or directory
}
