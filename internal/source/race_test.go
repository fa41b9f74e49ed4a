//go:build race

package source

// raceEnabled is true when the race detector is on, which makes big tests
// too slow to run whole.
const raceEnabled = true
