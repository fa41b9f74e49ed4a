package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestBriefsConformance(t *testing.T) {
	storetest.RunBriefs(t, func(t *testing.T) store.Store {
		s, err := Open(t.Context(), filepath.Join(t.TempDir(), "georisk.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}
