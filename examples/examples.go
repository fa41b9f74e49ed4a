// Package examples embeds the example client profiles (profiles/*.yaml), so
// that "georisk demo" can assess one without the files at hand.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed profiles/*.yaml
var profiles embed.FS

// Profiles returns the example profiles, named like "us-aerospace-supplier.yaml".
func Profiles() fs.FS {
	sub, err := fs.Sub(profiles, "profiles")
	if err != nil {
		return profiles
	}
	return sub
}
