//go:build !unix

package render

import "time"

// processCPU is 0 where the CPU time is not at hand.
func processCPU() time.Duration { return 0 }
