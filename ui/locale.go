package ui

// Imported for its side effect: on C.UTF-8 machines the toolkit otherwise
// logs a locale error while it initialises (see package posixlocale).
import _ "campmap/internal/posixlocale"
