//go:build tools

package tools

import (
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
	_ "golang.org/x/net/html"
	_ "golang.org/x/term"
	_ "golang.org/x/text/encoding/charmap"
	_ "modernc.org/sqlite"
	_ "github.com/RadhiFadlillah/whatlanggo"
)
