//go:build race

package ui

// raceEnabled is true when the tests run under the race detector, which
// slows memory accesses tenfold: timing budgets do not apply then.
const raceEnabled = true
