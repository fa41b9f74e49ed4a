package postgres

import (
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestEventsIndexedConformance(t *testing.T) {
	serverURL(t)
	storetest.RunEventsIndexed(t, func(t *testing.T) store.Store {
		return open(t, freshSchema(t))
	})
}
