package data

// SetMemAvailable replaces what CheckFits believes is free (nil: ask the
// system again), for tests outside the package.
func SetMemAvailable(f func() (int64, bool)) {
	if f == nil {
		f = systemMemAvailable
	}
	memAvailable = f
}

// KindsColumn is l's per-feature kind column, for tests outside the
// package.
func KindsColumn(l *Layer) []Kind { return l.kinds }
