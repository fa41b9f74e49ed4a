package postgres

import (
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestListsConformance(t *testing.T) {
	storetest.RunLists(t, func(t *testing.T) store.Store {
		return open(t, freshSchema(t))
	})
}
