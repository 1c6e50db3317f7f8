package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"campmap/data/basemap/tiles"
	"campmap/render"
)

// website is campmap's home page, named in the User-Agent of tile
// requests as tile servers' usage policies ask (FyneApp.toml says the same).
const website = "https://github.com/campmap/campmap"

// tileFlags holds a command's online tile options: --tiles, --tile-cache
// and --offline.
type tileFlags struct {
	tiles   *string
	cache   *string
	offline *bool
}

// addTileFlags registers --tiles, --tile-cache and --offline on fs; after
// fs.Parse, source opens what they name.
func addTileFlags(fs *flag.FlagSet) *tileFlags {
	return &tileFlags{
		tiles:   fs.String("tiles", "", "online basemap: osm (OpenStreetMap Standard), hot (Humanitarian) or a URL template like https://tile.example.org/{z}/{x}/{y}.png"),
		cache:   fs.String("tile-cache", "", "folder of the online tile cache (default: campmap/tiles in the user cache folder)"),
		offline: fs.Bool("offline", false, "online basemap from its cache only: ask no server"),
	}
}

// source opens the online basemap the flags name; it returns nil and no
// error when --tiles was not given. See openTiles.
func (f *tileFlags) source() (tiles.Source, error) {
	if *f.tiles == "" {
		if *f.cache != "" {
			return nil, usageErrorf("--tile-cache needs --tiles (osm, hot or a URL template)")
		}
		return nil, nil
	}
	return openTiles(*f.tiles, *f.cache, *f.offline)
}

// openTiles opens an online basemap from the value of --tiles: "osm",
// "hot" (or a preset's full name) or a URL template with {z}, {x}, {y} and
// optionally {s} and {r}. cacheDir is the disk cache folder ("" for the
// default one) and offline serves only what it holds. The source is an
// *tiles.Online (a tiles.Async: draw with Cached, wait with Tile, show
// LastError quietly); the caller closes it. A mistake in spec is a usage
// error (exit status 2).
func openTiles(spec, cacheDir string, offline bool) (tiles.Source, error) {
	o := tiles.OnlineOptions{CacheDir: cacheDir, Offline: offline, Version: version, Website: website}
	if p, ok := tiles.PresetFor(spec); ok {
		s, err := p.Open(o)
		if err != nil {
			return nil, fmt.Errorf("--tiles %s: %w", spec, err)
		}
		return s, nil
	}
	if !strings.Contains(spec, "://") {
		names := make([]string, len(tiles.Presets))
		for i, p := range tiles.Presets {
			names[i] = p.Key
		}
		return nil, usageErrorf("--tiles %q: give %s or a URL template like https://tile.example.org/{z}/{x}/{y}.png", spec, strings.Join(names, ", "))
	}
	s, err := tiles.OpenOnline(spec, o)
	if err != nil {
		if errors.Is(err, tiles.ErrTemplate) {
			return nil, fmt.Errorf("%w: --tiles: %w", errUsage, err)
		}
		return nil, fmt.Errorf("--tiles: %w", err)
	}
	return s, nil
}

// withOnlineTiles replaces tl by the online basemap --tiles names, if it
// names one (headless commands wait for the tiles of their view, see
// tileWait).
func withOnlineTiles(f *tileFlags, tl *render.Tiles, dim float64) (*render.Tiles, error) {
	src, err := f.source()
	if err != nil || src == nil {
		return tl, err
	}
	tl.Close()
	return render.NewTiles(src, render.TileOptions{Dim: dim, Wait: tileWait}), nil
}
