package postgres

import (
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestLedgerConformance(t *testing.T) {
	storetest.RunLedger(t, func(t *testing.T) store.Store {
		return open(t, freshSchema(t))
	})
}
