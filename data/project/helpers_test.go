package project

import "github.com/paulmach/orb"

func orbPoint() orb.Geometry { return orb.Point{1.85, 50.95} }
