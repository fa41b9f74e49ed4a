package postgres

import (
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestBriefsConformance(t *testing.T) {
	storetest.RunBriefs(t, func(t *testing.T) store.Store {
		return open(t, freshSchema(t))
	})
}
