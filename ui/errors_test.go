package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"campmap/data"
)

func TestUserMessage(t *testing.T) {
	notExist := &fs.PathError{Op: "open", Path: "/data/camps.geojson", Err: syscall.ENOENT}
	tests := []struct {
		name      string
		err       error
		want      []string // parts the sentence holds
		forbidden []string // prefixes it must not show
	}{
		{"nil", nil, nil, nil},
		{"load error names file, line and feature",
			fmt.Errorf("ui: open: %w", &data.LoadError{Path: "camps.geojson", Feature: 12, Line: 3, Msg: "a polygon ring is not closed: close it"}),
			[]string{"camps.geojson, line 3, feature 12: a polygon ring is not closed: close it"}, []string{"data:", "ui:", "load"}},
		{"postgis", errors.New("postgis: the connection does not start with postgres://: write it as postgres://user@host:5432/database"),
			[]string{"the connection does not start with postgres://", "write it as"}, []string{"postgis:"}},
		{"project", fmt.Errorf("project: load %s: %w", "x.campmap", errors.New("version 9 is newer than this campmap")),
			[]string{"load x.campmap: version 9 is newer"}, []string{"project:"}},
		{"export and gpkg nested", fmt.Errorf("ui: export: %w", fmt.Errorf("gpkg: write %s: %w", "out.gpkg", syscall.ENOSPC)),
			[]string{"write out.gpkg", "The disk is full"}, []string{"ui:", "export:", "gpkg:"}},
		{"missing file says what to do", fmt.Errorf("export: hash %s: %w", "/data/camps.geojson", notExist),
			[]string{"hash /data/camps.geojson", "Check that the file or folder exists"}, []string{"export:"}},
		{"permission", fmt.Errorf("ui: save: %w", &fs.PathError{Op: "open", Path: "/ro/x.png", Err: os.ErrPermission}),
			[]string{"/ro/x.png", "may not use that file"}, []string{"ui:"}},
		{"timeout", fmt.Errorf("postgis: db: %w", context.DeadlineExceeded),
			[]string{"db", "took too long"}, []string{"postgis:"}},
		{"internal error says what the user was doing", fmt.Errorf("ui: %w", &panicError{what: "drawing the map", value: "index out of range"}),
			[]string{"internal error while drawing the map", "index out of range", "report it"}, []string{"ui:"}},
		{"internal error inside a load error", &data.LoadError{Path: "x.geojson", Feature: -1, Msg: "internal error: boom",
			Err: &panicError{what: "reading x.geojson", value: "boom"}},
			[]string{"while reading x.geojson"}, []string{"data:"}},
		{"a word that is only a prefix inside a name stays", errors.New("ui: export: no layer named data export"),
			[]string{"no layer named data export"}, []string{"ui:"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := userMessage(tc.err)
			if tc.err == nil && got != "" {
				t.Errorf("nil error gives %q", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q does not say %q", got, w)
				}
			}
			for _, f := range tc.forbidden {
				if showsPrefix(got, f) {
					t.Errorf("%q shows %q", got, f)
				}
			}
		})
	}
}

// TestDialogsShowNoPrefixes checks that the error dialog and the status bar
// show the sentence, not the prefixed text.
func TestDialogsShowNoPrefixes(t *testing.T) {
	h := newHarness(t, Options{}, nil)
	h.mw.showError("Could not export", fmt.Errorf("ui: export: %w", fmt.Errorf("gpkg: write out.gpkg: %w", syscall.ENOSPC)))
	if showsPrefix(h.seen.dialog, "gpkg:") || showsPrefix(h.seen.dialog, "ui:") || !strings.Contains(h.seen.dialog, "disk is full") {
		t.Errorf("dialog %q", h.seen.dialog)
	}
	h.mw.frameShown(FrameStats{Err: errors.New("ui: render: scene has no basemap")})
	if got := h.mw.status.msg.Text; got != "scene has no basemap" {
		t.Errorf("status %q", got)
	}
}

// showsPrefix reports whether s shows the package prefix p: at its start,
// a line's or after another segment's ": ".
func showsPrefix(s, p string) bool {
	return strings.HasPrefix(s, p) || strings.Contains(s, "\n"+p) || strings.Contains(s, ": "+p)
}
