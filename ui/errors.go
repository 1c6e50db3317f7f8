package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"runtime/debug"
	"strings"
	"syscall"

	"campmap/data"
	"campmap/internal/errmsg"

	"fyne.io/fyne/v2/lang"
)

// panicError is a panic recovered off (or on) the UI goroutine: what the
// user was doing, and the value the code panicked with. It is logged once,
// with its stack, where it is recovered (see recovered), and reaches the
// user through userMessage as an internal error.
type panicError struct {
	what  string // "drawing the map", "identifying the feature under the pointer"
	value any
}

// Error returns "ui: internal error while WHAT: VALUE".
func (e *panicError) Error() string {
	return fmt.Sprintf(lang.L("ui: internal error while %s: %v"), e.what, e.value)
}

// logf logs recovered panics; tests count its calls.
var logf = log.Printf

// recovered turns the value p of a recovered panic into the error the
// user is shown, and logs it (with the stack) once, here.
func recovered(what string, p any) error {
	logf(lang.L("campmap: internal error while %s: %v\n%s"), what, p, debug.Stack())
	return &panicError{what: what, value: p}
}

// userMessage is the sentence a user reads for err: what failed, which
// file or feature, and what to do, without the package prefixes Go errors
// carry ("ui: export: gpkg: write x.gpkg: ...", cut by errmsg.Sentence as
// on the command line). Every dialog, status message and note of the
// window that shows an error goes through it.
func userMessage(err error) string {
	if err == nil {
		return ""
	}
	var pe *panicError
	if errors.As(err, &pe) {
		return fmt.Sprintf(lang.L("campmap hit an internal error while %s (%v). That was not finished; the rest of the window still works. Please report it: the log has the details."), pe.what, pe.value)
	}
	var text string
	var le *data.LoadError
	if errors.As(err, &le) {
		text = le.Path
		if le.Line > 0 {
			text += fmt.Sprintf(lang.L(", line %d"), le.Line)
		}
		if le.Feature >= 0 {
			text += fmt.Sprintf(lang.L(", feature %d"), le.Feature)
		}
		text += lang.L(": ") + translateDetail(le.Msg)
	} else {
		text = translateDetail(errmsg.Sentence(err))
	}
	if hint := errorHint(err); hint != "" && !strings.Contains(text, hint) {
		text += ". " + hint
	}
	return text
}

// errorHint says what to do about the common causes a package leaves to
// its caller, or "".
func errorHint(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return lang.L("The disk is full: free some space or choose another drive, then try again.")
	case errors.Is(err, fs.ErrNotExist):
		return lang.L("Check that the file or folder exists: it may have been moved, renamed or be on a drive not connected.")
	case errors.Is(err, fs.ErrPermission):
		return lang.L("campmap may not use that file or folder: choose another, or ask for access.")
	case errors.Is(err, context.DeadlineExceeded):
		return lang.L("It took too long: check the connection and try again.")
	}
	return ""
}
