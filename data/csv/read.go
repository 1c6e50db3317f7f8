package csv

import (
	"bytes"
	"context"
	encsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/paulmach/orb"

	"campmap/data"
)

// The table dialects the CSV reader recognises by their column names.
const (
	DialectIOMOld = "IOM Missing Migrants (older export)"
	DialectIOM    = "IOM Missing Migrants"
	DialectACLED  = "ACLED"
	DialectHXL    = "HXL"
)

// Sources credited for recognised dialects.
const (
	SourceIOM   = "IOM Missing Migrants Project"
	SourceACLED = "ACLED"
)

// ErrNoCoordinates is wrapped by LoadBytes when no column of a table could
// be recognised as coordinates: the user has to choose them.
var ErrNoCoordinates = errors.New("no coordinate columns recognised")

// Schema is what the CSV reader found in a table: how it is written and
// which columns it reads. Column fields hold header names ("" for none).
type Schema struct {
	Delimiter      rune
	Encoding       string   // one of the Encoding* names
	Header         []string // column names as property keys (made unique)
	Tags           []string // HXL hashtags per column; nil when the table has none
	Dialect        string   // one of the Dialect* names, or ""
	Lat, Lon       string
	Coords         string
	CoordsLonFirst bool
	WKT            string
	Time           string // the column dating each row with one date or time
	// Start and End bound each row's span (STAC's start_datetime and
	// end_datetime, "start"/"end" ...); where a row has them they beat Time.
	Start, End  string
	Precision   string // ACLED time_precision: 1 the day, 2 the week, 3 the month
	Category    string
	Count       string
	ID          string
	Preview     [][]string // the first data rows (at most PreviewRows)
	HeaderLines int        // lines before the first data row
}

// PreviewRows is how many data rows Detect keeps in Schema.Preview.
const PreviewRows = 20

// hxlScanRows is how many rows at the top of a table are searched for an
// HXL hashtag row: sheets carry notes and a title above their header.
const hxlScanRows = 25

// HasGeometry reports whether the schema knows where rows are.
func (s *Schema) HasGeometry() bool {
	return s.WKT != "" || s.Coords != "" || (s.Lat != "" && s.Lon != "")
}

// GeometryText describes how rows are placed, for summaries and dialogs.
func (s *Schema) GeometryText() string {
	switch {
	case s.WKT != "":
		return fmt.Sprintf("WKT in %q", s.WKT)
	case s.Coords != "" && s.CoordsLonFirst:
		return fmt.Sprintf("%q as \"longitude, latitude\"", s.Coords)
	case s.Coords != "":
		return fmt.Sprintf("%q as \"latitude, longitude\"", s.Coords)
	case s.Lat != "" && s.Lon != "":
		return fmt.Sprintf("latitude %q, longitude %q", s.Lat, s.Lon)
	}
	return "no coordinates found"
}

// column roles, matched on names normalised by normName and on HXL tags.
var (
	latNames   = []string{"latitude", "lat", "y", "lat dd", "decimal latitude", "decimallatitude", "latitude dd", "lat y", "point y"}
	lonNames   = []string{"longitude", "lon", "lng", "long", "x", "lon dd", "decimal longitude", "decimallongitude", "longitude dd", "lon x", "point x"}
	coordNames = []string{"location coordinates", "coordinates", "coords", "coordinate", "latlon", "lat lon", "lat long", "lat lng", "latlng", "geo point", "geopoint"}
	wktNames   = []string{"wkt", "geometry", "geom", "the geom", "shape", "wkt geom", "geometry wkt"}
	timeNames  = []string{"incident date", "reported date", "event date", "date", "date occurred", "occurred", "datetime", "date time", "time", "timestamp"}
	startNames = []string{"start datetime", "start date", "start time", "start", "date start", "begin", "from date"}
	endNames   = []string{"end datetime", "end date", "end time", "end", "date end", "to date"}
	precNames  = []string{"time precision"}
	countNames = []string{"total dead and missing", "total number of dead and missing", "number dead", "number of dead", "fatalities", "deaths", "dead", "killed", "count"}
	idNames    = []string{"event id cnty", "main id", "web id", "incident id", "id", "fid", "event id"}
)

var (
	latTags   = []string{"#geo+lat"}
	lonTags   = []string{"#geo+lon", "#geo+long"}
	coordTags = []string{"#geo+coord"}
	wktTags   = []string{"#geo+wkt"}
	timeTags  = []string{"#date+occurred", "#date+reported", "#date"}
	startTags = []string{"#date+start"}
	endTags   = []string{"#date+end"}
	catTags   = []string{"#event+type", "#cause", "#event+category", "#event"}
	countTags = []string{"#affected+killed", "#affected+dead", "#affected+total", "#affected"}
	idTags    = []string{"#event+id", "#id"}
)

// normName lower-cases a column name and folds runs of spaces, underscores,
// dashes and dots into one space.
func normName(s string) string { return data.NormName(s) }

// hxlTag reports whether s is an HXL hashtag ("#geo +lat") and returns it
// normalised ("#geo+lat").
func hxlTag(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 || s[0] != '#' {
		return "", false
	}
	parts := strings.Split(s[1:], "+")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return "", false
		}
		for _, r := range p {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
				return "", false
			}
		}
		parts[i] = p
	}
	return "#" + strings.Join(parts, "+"), true
}

// tagMatches reports whether tag (normalised) has want's hashtag and all its
// attributes: "#affected+killed+f" matches "#affected+killed".
func tagMatches(tag, want string) bool {
	if tag == "" {
		return false
	}
	tp := strings.Split(tag, "+")
	wp := strings.Split(want, "+")
	if tp[0] != wp[0] {
		return false
	}
	for _, w := range wp[1:] {
		found := false
		for _, t := range tp[1:] {
			if t == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// table is a CSV file decoded and split from its header.
type table struct {
	text   []byte
	schema Schema
	norm   []string // normalised header
	// steps counts the header entries visited to find columns and read
	// their kinds: tests bound it to keep column handling linear in the
	// number of columns.
	steps int
	// byName and byNorm index the first column of each header name and
	// normalised name: finding a column costs the same among ten or a
	// million.
	byName, byNorm map[string]int
	// sepLine tells that an Excel "sep=" line was cut from text: line
	// numbers in text are one less than in the file.
	sepLine bool
	invalid invalidUTF8 // bytes that were not UTF-8 in a UTF-8 file
}

// csvReader returns a tolerant reader over text with delimiter d.
func csvReader(text []byte, d rune) *encsv.Reader {
	r := encsv.NewReader(bytes.NewReader(text))
	r.Comma = d
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	return r
}

// detectDelimiter picks the delimiter that splits the first lines into the
// most fields, consistently.
func detectDelimiter(text []byte, path string) rune {
	sample := text
	if len(sample) > 64<<10 {
		sample = sample[:64<<10]
		if i := bytes.LastIndexByte(sample, '\n'); i > 0 {
			sample = sample[:i+1]
		}
	}
	best, bestScore := ',', -1.0
	if strings.HasSuffix(strings.ToLower(path), ".tsv") || strings.HasSuffix(strings.ToLower(path), ".tab") {
		best = '\t'
	}
	for _, d := range []rune{',', ';', '\t', '|'} {
		r := csvReader(sample, d)
		counts := map[int]int{}
		rows := 0
		for rows < 30 {
			rec, err := r.Read()
			if err != nil && !errors.Is(err, encsv.ErrFieldCount) {
				break
			}
			counts[len(rec)]++
			rows++
		}
		// the commonest field count of two or more: notes and a title
		// above the header do not count against it
		mode := 0
		for n, c := range counts {
			if n >= 2 && (c > counts[mode] || c == counts[mode] && n > mode) {
				mode = n
			}
		}
		if rows == 0 || mode < 2 {
			continue
		}
		// share of rows with that field count, weighted by that count
		score := float64(counts[mode]) / float64(rows) * math.Log2(float64(mode)+1)
		if score > bestScore+1e-9 {
			best, bestScore = d, score
		}
	}
	return best
}

// Detect reads how a CSV or TSV table is written and which columns place,
// date, categorise and count its rows, applying opt's overrides. It fails
// only when b holds no header row.
func Detect(b []byte, path string, opt data.CSVOptions) (Schema, error) {
	t, err := openTable(b, path, opt)
	if err != nil {
		return Schema{}, err
	}
	return t.schema, nil
}

func openTable(b []byte, path string, opt data.CSVOptions) (*table, error) {
	text, enc, bad := decodeText(b)
	t := &table{invalid: bad}
	s := &t.schema
	s.Encoding = enc
	// Excel's "sep=;" first line
	if len(text) >= 5 && bytes.HasPrefix(bytes.ToLower(text[:4]), []byte("sep=")) {
		line, rest, _ := bytes.Cut(text, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if len(line) == 5 {
			s.Delimiter = rune(line[4])
			text = rest
			s.HeaderLines++
			t.sepLine = true
		}
	}
	if opt.Delimiter != 0 {
		s.Delimiter = opt.Delimiter
	}
	if s.Delimiter == 0 {
		s.Delimiter = detectDelimiter(text, path)
	}
	t.text = text
	r := csvReader(text, s.Delimiter)
	// the first rows: a sheet may carry notes and a title above its
	// header, and an HXL hashtag row under it (or as it)
	var recs [][]string
	var readErr error
	lastStart := int64(0) // where the last record read starts
	for len(recs) < hxlScanRows+PreviewRows+1 {
		start := r.InputOffset()
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, encsv.ErrFieldCount) {
			readErr = err
			break
		}
		recs = append(recs, rec)
		lastStart = start
	}
	first := -1 // the first non-blank record
	for i, rec := range recs {
		if !blankRecord(rec) {
			first = i
			break
		}
	}
	if first < 0 {
		if readErr != nil {
			return nil, &data.LoadError{Path: path, Feature: -1, Line: s.HeaderLines + len(recs) + 1, Msg: "cannot read the header row", Err: readErr}
		}
		return nil, &data.LoadError{Path: path, Feature: -1, Msg: "the table is empty: it needs a header row naming its columns"}
	}
	headerAt, dataAt := first, first+1
	// an HXL hashtag row anywhere in the first hxlScanRows rows: the
	// non-blank row above it names the columns (or it is the header)
	for i := first; i < min(len(recs), hxlScanRows); i++ {
		tags, ok := hashtagRow(recs[i])
		if !ok {
			continue
		}
		s.Tags = tags
		headerAt, dataAt = i, i+1
		for j := i - 1; j >= first; j-- {
			if !blankRecord(recs[j]) {
				headerAt = j
				break
			}
		}
		break
	}
	header := recs[headerAt]
	if headerAt == len(recs)-1 && r.InputOffset() == int64(len(text)) {
		if u, open := findUnclosed(text, lastStart, s.Delimiter, boolInt(t.sepLine)); open {
			return nil, u.headerError(path)
		}
	}
	s.HeaderLines += dataAt
	rows := recs[dataAt:]
	for len(rows) < PreviewRows && readErr == nil {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil && !errors.Is(err, encsv.ErrFieldCount) {
			break
		}
		rows = append(rows, rec)
	}
	if len(rows) > PreviewRows {
		rows = rows[:PreviewRows]
	}
	s.Preview = rows
	s.Header = uniqueNames(header, s.Tags)
	t.index()
	t.detect(opt)
	return t, nil
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// hashtagRow reports whether rec is an HXL hashtag row: at least one cell,
// and most non-empty cells, are hashtags.
func hashtagRow(rec []string) ([]string, bool) {
	tags := make([]string, len(rec))
	n, hits := 0, 0
	for i, f := range rec {
		if strings.TrimSpace(f) == "" {
			continue
		}
		n++
		if t, ok := hxlTag(f); ok {
			tags[i] = t
			hits++
		}
	}
	if hits == 0 || 2*hits <= n {
		return nil, false
	}
	return tags, true
}

// uniqueNames gives every column a distinct, non-empty name: its header,
// else its HXL tag, else "column N"; repeats get " (2)", " (3)"...
func uniqueNames(header, tags []string) []string {
	n := len(header)
	if len(tags) > n {
		n = len(tags)
	}
	out := make([]string, n)
	next := make(map[string]int, n) // names given, with the last N of their "name (N)"
	for i := range out {
		name := ""
		if i < len(header) {
			name = strings.TrimSpace(header[i])
		}
		if name == "" && i < len(tags) {
			name = tags[i]
		}
		if name == "" {
			name = fmt.Sprintf("column %d", i+1)
		}
		if c, dup := next[name]; dup {
			// the next free "name (N)": a header may itself hold one
			base := name
			for {
				c++
				name = fmt.Sprintf("%s (%d)", base, c)
				if _, used := next[name]; !used {
					break
				}
			}
			next[base] = c
		}
		next[name] = 1
		out[i] = name
	}
	return out
}

// index normalises the header and indexes it by name.
func (t *table) index() {
	h := t.schema.Header
	t.norm = make([]string, len(h))
	t.byName = make(map[string]int, len(h))
	t.byNorm = make(map[string]int, len(h))
	for i, name := range h {
		t.steps++
		t.norm[i] = normName(name)
		if _, ok := t.byName[name]; !ok {
			t.byName[name] = i
		}
		if _, ok := t.byNorm[t.norm[i]]; !ok {
			t.byNorm[t.norm[i]] = i
		}
	}
}

// find returns the first column whose normalised name is in names (in
// names' order), else whose tag matches one of tags, else "".
func (t *table) find(names, tags []string) string {
	for _, n := range names {
		if i, ok := t.byNorm[n]; ok {
			return t.schema.Header[i]
		}
	}
	for _, want := range tags {
		for i, tag := range t.schema.Tags {
			t.steps++
			if tagMatches(tag, want) {
				return t.schema.Header[i]
			}
		}
	}
	return ""
}

// col returns the index of the column named name (a header name, a
// normalised name or an HXL tag), or -1.
func (t *table) col(name string) int {
	if name == "" {
		return -1
	}
	if i, ok := t.byName[name]; ok {
		return i
	}
	if i, ok := t.byNorm[normName(name)]; ok {
		return i
	}
	if tag, ok := hxlTag(name); ok {
		for i, tg := range t.schema.Tags {
			t.steps++
			if tagMatches(tg, tag) {
				return i
			}
		}
	}
	return -1
}

// resolve maps an override to the column's header name ("" when absent).
func (t *table) resolve(name string) string {
	if i := t.col(name); i >= 0 {
		return t.schema.Header[i]
	}
	return ""
}

// sampleShare returns the share of the preview's non-empty cells in column
// name that ok accepts, and how many there were.
func (t *table) sampleShare(name string, ok func(string) bool) (float64, int) {
	return t.columnShare(t.col(name), ok)
}

// columnShare is sampleShare for column i (none when i < 0).
func (t *table) columnShare(i int, ok func(string) bool) (float64, int) {
	if i < 0 {
		return 0, 0
	}
	n, hits := 0, 0
	for _, row := range t.schema.Preview {
		t.steps++
		if i >= len(row) || strings.TrimSpace(row[i]) == "" {
			continue
		}
		n++
		if ok(row[i]) {
			hits++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return float64(hits) / float64(n), n
}

func (t *table) detect(opt data.CSVOptions) {
	s := &t.schema
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := t.byNorm[n]; !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("web id", "reported date"):
		s.Dialect = DialectIOMOld
	case has("main id", "incident id") || has("total number of dead and missing"):
		s.Dialect = DialectIOM
	case has("total dead and missing") || has("minimum estimated number of missing"):
		s.Dialect = DialectIOMOld
	case has("event id cnty", "event date") || has("event date", "time precision", "fatalities"):
		s.Dialect = DialectACLED
	case s.Tags != nil:
		s.Dialect = DialectHXL
	}

	geomSet := opt.WKT != "" || opt.Coords != "" || opt.Lat != "" || opt.Lon != ""
	if geomSet {
		s.WKT, s.Coords = t.resolve(opt.WKT), t.resolve(opt.Coords)
		s.Lat, s.Lon = t.resolve(opt.Lat), t.resolve(opt.Lon)
		s.CoordsLonFirst = opt.CoordsLonFirst
	} else {
		lat, lon := t.find(latNames, latTags), t.find(lonNames, lonTags)
		if lat != "" && lon != "" && lat != lon {
			s.Lat, s.Lon = lat, lon
		} else if c := t.find(coordNames, coordTags); c != "" {
			if share, n := t.sampleShare(c, isPair); n == 0 || share >= 0.5 {
				s.Coords = c
			}
		}
		if !s.HasGeometry() {
			if w := t.find(wktNames, wktTags); w != "" {
				if share, n := t.sampleShare(w, isWKT); n == 0 || share >= 0.5 {
					s.WKT = w
				}
			}
		}
	}
	pick := func(override string, off bool, names, tags []string) string {
		if off {
			return ""
		}
		if override != "" {
			return t.resolve(override)
		}
		return t.find(names, tags)
	}
	s.Time = pick(opt.Time, opt.NoTime, timeNames, timeTags)
	if opt.Time == "" && !opt.NoTime {
		s.Start, s.End = t.find(startNames, startTags), t.find(endNames, endTags)
		if s.Time != "" && (s.Time == s.Start || s.Time == s.End) {
			s.Time = ""
		}
	}
	if s.Time != "" || s.Start != "" || s.End != "" {
		s.Precision = t.find(precNames, nil)
	}
	s.Category = pick(opt.Category, opt.NoCategory, data.CategoryKeys, catTags)
	s.Count = pick(opt.Count, opt.NoCount, countNames, countTags)
	if s.Count != "" && opt.Count == "" {
		if share, n := t.sampleShare(s.Count, func(v string) bool { _, ok := parseNumber(v); return ok }); n > 0 && share < 0.5 {
			s.Count = ""
		}
	}
	s.ID = t.find(idNames, idTags)
}

// looksLikeTable reports whether t reads as a table someone wrote: text,
// a header of two columns or more, and most of the first rows fitting
// under it. Only then do messages quote its column names.
func (t *table) looksLikeTable() bool {
	s := &t.schema
	if len(s.Header) < 2 || data.IsBinary(t.text[:min(len(t.text), 64<<10)]) {
		return false
	}
	fit := 0
	for _, row := range s.Preview {
		if len(row) >= 2 && usedFields(row) <= len(s.Header) {
			fit++
		}
	}
	return 2*fit >= len(s.Preview)
}

// wktColumn returns the first column most of whose preview values are
// well-known text (or WKT with an SRID campmap refuses), whatever its name;
// "" if none.
func (t *table) wktColumn() string {
	for i, h := range t.schema.Header {
		if share, n := t.columnShare(i, isWKT); n > 0 && share >= 0.5 {
			return h
		}
	}
	return ""
}

// isWKT reports whether v is well-known text, possibly with an SRID
// campmap refuses or EMPTY: a WKT column, whether or not its rows place.
func isWKT(v string) bool {
	_, err := ParseWKT(v)
	return err == nil || errors.Is(err, ErrSRID) || errors.Is(err, ErrEmptyWKT)
}

// isPair reports whether v is a "latitude, longitude" pair, in decimal
// degrees or in degrees, minutes and seconds.
func isPair(v string) bool {
	if _, _, err := parsePair(v); err == nil {
		return true
	}
	_, _, err := parseDMSPair(v, false)
	return err == nil
}

// parseNumber reads a decimal number, accepting a decimal comma ("49,5")
// as written in French and German tables, and surrounding spaces.
func parseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if strings.IndexByte(s, ',') >= 0 && strings.IndexByte(s, '.') < 0 && strings.Count(s, ",") == 1 {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parsePair reads "a, b", "a,b", "a b" or "a; b" into two numbers.
func parsePair(s string) (a, b float64, err error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimSuffix(s, ")"), "(")
	s = strings.TrimPrefix(strings.TrimSuffix(s, "]"), "[")
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || unicode.IsSpace(r) })
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("%q is not two numbers", data.Excerpt(s, 40))
	}
	x, ok1 := parseNumber(f[0])
	y, ok2 := parseNumber(f[1])
	if !ok1 || !ok2 {
		return 0, 0, fmt.Errorf("%q is not two numbers", data.Excerpt(s, 40))
	}
	return x, y, nil
}

// checkLonLat explains why a position cannot be placed, or returns "".
func checkLonLat(lon, lat float64) string {
	switch {
	case lat < -90 || lat > 90:
		if lon >= -90 && lon <= 90 && lat >= -180 && lat <= 180 {
			return fmt.Sprintf("latitude %v is outside -90..90 (are latitude and longitude swapped?)", lat)
		}
		if math.Abs(lat) > 1000 || math.Abs(lon) > 1000 {
			return fmt.Sprintf("latitude %v, longitude %v look projected (metres?), not degrees: export the table in WGS 84 (EPSG:4326)", lat, lon)
		}
		return fmt.Sprintf("latitude %v is outside -90..90", lat)
	case lon < -180 || lon > 180:
		return fmt.Sprintf("longitude %v is outside -180..180", lon)
	}
	return ""
}

// LoadBytes reads a CSV or TSV table (see Detect) into a layer of its
// rows. Rows that cannot be placed (no or unreadable coordinates, out of
// range, bad WKT) are listed in Layer.Skipped with their line and reason;
// unreadable times, categories or counts keep the row (undated, or without
// a count) with a warning. A table with no coordinate columns at all is an
// error that says which columns were looked for. Times without a zone are
// read in opt.Zone.
func LoadBytes(ctx context.Context, path string, b []byte, opt data.LoadOptions, copt data.CSVOptions) (*data.Layer, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	t, err := openTable(b, path, copt)
	if err != nil {
		return nil, err
	}
	return t.load(ctx, path, int64(len(b)), opt, copt)
}

// load reads the rows of t, a table of size bytes read from path.
func (t *table) load(ctx context.Context, path string, size int64, opt data.LoadOptions, copt data.CSVOptions) (*data.Layer, error) {
	s := &t.schema
	if !s.HasGeometry() {
		if !t.looksLikeTable() {
			// not quoted: a project's layer may point at any file
			return nil, &data.LoadError{Path: path, Feature: -1, Err: data.ErrNotFormat, Msg: fmt.Sprintf(
				"not a CSV table: it starts with %s, not a header row naming two columns or more above rows of as many fields; campmap reads CSV and TSV tables with latitude and longitude (or WKT) columns",
				data.Opening(t.text))}
		}
		if c := t.wktColumn(); c != "" {
			return nil, &data.LoadError{Path: path, Feature: -1, Err: ErrNoCoordinates, Msg: fmt.Sprintf(
				"column %q holds WKT: choose it as the WKT geometry column in the import dialog (or rename it \"wkt\" or \"geometry\"); no column is named as coordinates among %s",
				c, data.QuoteList(s.Header, 12))}
		}
		return nil, &data.LoadError{Path: path, Feature: -1, Msg: fmt.Sprintf(
			"no coordinate columns found among %s: name them latitude and longitude (or lat/lon, y/x, #geo+lat/#geo+lon), give one \"latitude, longitude\" column named Coordinates, or a WKT column; or choose them in the import dialog",
			data.QuoteList(s.Header, 12)), Err: ErrNoCoordinates}
	}
	zone := opt.Zone
	if zone == nil {
		zone = time.UTC
	}
	name := opt.Name
	if name == "" {
		name = data.LayerName(path)
	}
	est := bytes.Count(t.text, []byte{'\n'})
	bl := data.NewBuilder(name, est)
	bl.Grow(est, est*len(s.Header), len(t.text))
	L := bl.Layer()
	L.Path, L.Zone = path, zone
	L.SkippedHeader = s.Header
	bl.DeclareKeys(s.Header, true) // columns empty in every row are kept
	switch s.Dialect {
	case DialectIOM, DialectIOMOld:
		L.Source, L.CountIsMinimum = SourceIOM, true
	case DialectACLED:
		L.Source = SourceACLED
	}
	// a layer holds at most data.MaxKeys property names: the columns past
	// them still place and date rows, but are not kept
	keep := min(len(s.Header), data.MaxKeys)
	if keep < len(s.Header) {
		dropped := ""
		if t.col(s.Count) >= keep {
			dropped += fmt.Sprintf(", nor the count column %q", s.Count)
			s.Count = ""
		}
		if t.col(s.Category) >= keep {
			dropped += fmt.Sprintf(", nor the category column %q", s.Category)
			s.Category = ""
		}
		L.Warnings = append(L.Warnings, fmt.Sprintf(
			"the table has %d columns and a layer keeps at most %d: the columns from %q (column %d) on are not kept as properties%s; split the table or remove columns to keep them",
			len(s.Header), keep, s.Header[keep], keep+1, dropped))
	}
	L.CountKey = s.Count
	if w := t.invalid.warning(path); w != "" {
		L.Warnings = append(L.Warnings, w)
	}

	iLat, iLon, iCoord, iWKT := t.col(s.Lat), t.col(s.Lon), t.col(s.Coords), t.col(s.WKT)
	iCount, iID := t.col(s.Count), t.col(s.ID)
	times := newRowTimes(t, zone)
	// numeric columns: every non-empty preview cell is a number
	numeric := make([]bool, len(s.Header))
	for i := range numeric {
		share, n := t.columnShare(i, func(v string) bool { _, ok := parseNumber(v); return ok && !leadingZero(v) })
		numeric[i] = n > 0 && share == 1
	}
	if iCount >= 0 {
		numeric[iCount] = true
	}
	w := &data.Warnings{}
	r := csvReader(t.text, s.Delimiter)
	r.ReuseRecord = true
	for k := 0; k < s.HeaderLines-boolInt(t.sepLine); k++ {
		if _, err := r.Read(); err == io.EOF {
			break
		}
	}
	total := size
	var props []data.Property
	rows := 0
	lastOff := int64(-1)
	for {
		if rows&4095 == 0 {
			if ctx.Err() != nil {
				return nil, &data.LoadError{Path: path, Feature: -1, Msg: "loading canceled", Err: data.ErrCanceled}
			}
			if opt.Progress != nil {
				opt.Progress(min(r.InputOffset(), total), total)
			}
		}
		start := r.InputOffset()
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line, _ := r.FieldPos(0)
		if err == nil && r.InputOffset() == int64(len(t.text)) {
			// the last record: it may have swallowed the lines after a
			// quote never closed
			if u, open := findUnclosed(t.text, start, s.Delimiter, boolInt(t.sepLine)); open {
				rows++
				L.Skipped = append(L.Skipped, data.SkippedRow{Line: line + boolInt(t.sepLine), Reason: u.reason(), Fields: cutAtLine(rec)})
				L.Warnings = append(L.Warnings, u.warning(path))
				break
			}
		}
		if err != nil && !errors.Is(err, encsv.ErrFieldCount) {
			var pe *encsv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			line += boolInt(t.sepLine)
			rows++
			L.Skipped = append(L.Skipped, data.SkippedRow{Line: line, Reason: "the row cannot be read as CSV: " + err.Error()})
			if r.InputOffset() == lastOff {
				break
			}
			lastOff = r.InputOffset()
			continue
		}
		lastOff = r.InputOffset()
		line += boolInt(t.sepLine)
		if blankRecord(rec) {
			continue
		}
		if len(s.Header) >= 3 {
			// a field over several lines that holds rows: a closing
			// quote missing (or put further down)
			for i, v := range rec {
				if strings.IndexByte(v, '\n') < 0 {
					continue
				}
				if n := rowLikeLines(v, s.Delimiter, len(s.Header)-1); n > 0 && w.Want("quote") {
					fl, _ := r.FieldPos(i)
					col := fmt.Sprintf("column %d", i+1)
					if i < len(s.Header) {
						col = s.Header[i]
					}
					w.Keep("quote", swallowedRowsWarning(path, fl+boolInt(t.sepLine), col, strings.Count(v, "\n")+1, n))
				}
			}
		}
		rows++
		cell := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		skip := func(reason string) {
			if n := usedFields(rec); n > len(s.Header) {
				// the real cause is usually a delimiter inside an unquoted field
				reason = fmt.Sprintf("the row has %d fields but the header names %d (a %s inside a field that is not quoted?), so its columns are shifted: %s",
					n, len(s.Header), delimName(s.Delimiter), reason)
			}
			L.Skipped = append(L.Skipped, data.SkippedRow{Line: line, Reason: reason, Fields: append([]string(nil), rec...)})
		}
		var g orb.Geometry
		switch {
		case iWKT >= 0:
			v := cell(iWKT)
			if v == "" {
				skip(fmt.Sprintf("no geometry: %q is empty", s.WKT))
				continue
			}
			geom, err := ParseWKT(v)
			if err != nil {
				skip(fmt.Sprintf("%q: %v", s.WKT, strings.TrimPrefix(err.Error(), "csv: ")))
				continue
			}
			b := geom.Bound()
			if why := checkLonLat(b.Min[0], b.Min[1]); why != "" {
				skip(why)
				continue
			}
			if why := checkLonLat(b.Max[0], b.Max[1]); why != "" {
				skip(why)
				continue
			}
			g = geom
		case iCoord >= 0:
			v := cell(iCoord)
			if v == "" {
				skip(fmt.Sprintf("no coordinates: %q is empty", s.Coords))
				continue
			}
			if len(v) > 5 && strings.EqualFold(v[:5], "point") {
				geom, err := ParseWKT(v)
				if err != nil {
					skip(fmt.Sprintf("%q: %v", s.Coords, strings.TrimPrefix(err.Error(), "csv: ")))
					continue
				}
				g = geom
				p, _ := geom.(orb.Point)
				if why := checkLonLat(p[0], p[1]); why != "" {
					skip(why)
					continue
				}
				break
			}
			a, c, err := parsePair(v)
			if err != nil {
				var derr error
				if a, c, derr = parseDMSPair(v, s.CoordsLonFirst); derr != nil {
					skip(fmt.Sprintf("%q: %v, want \"latitude, longitude\"", s.Coords, err))
					continue
				}
			}
			lat, lon := a, c
			if s.CoordsLonFirst {
				lat, lon = c, a
			}
			if why := checkLonLat(lon, lat); why != "" {
				skip(why)
				continue
			}
			g = orb.Point{lon, lat}
		default:
			vl, vo := cell(iLat), cell(iLon)
			if vl == "" || vo == "" {
				skip(fmt.Sprintf("no coordinates: %q or %q is empty", s.Lat, s.Lon))
				continue
			}
			lat, err := parseCoord(vl, true)
			if err != nil {
				skip(err.Error())
				continue
			}
			lon, err := parseCoord(vo, false)
			if err != nil {
				skip(err.Error())
				continue
			}
			if why := checkLonLat(lon, lat); why != "" {
				skip(why)
				continue
			}
			g = orb.Point{lon, lat}
		}

		f := data.Feature{Span: data.Undated}
		if times.any() {
			f.Span = times.read(cell, bl.Len(), func(col, v string) {
				if w.Want("time") {
					w.Keep("time", badTimeWarning(line, col, v))
				}
			})
		}
		if iID >= 0 {
			if v := cell(iID); v != "" {
				if n, ok := parseNumber(v); ok && numeric[iID] {
					f.ID = data.Number(n)
				} else {
					f.ID = data.Text(v)
				}
			}
		}
		props = props[:0]
		for i, v := range rec {
			if i >= len(s.Header) {
				if strings.TrimSpace(v) != "" && w.Want("extra") {
					w.Keep("extra", fmt.Sprintf("line %d has %d fields but the header names %d: the extra ones are ignored (a %s inside a field that is not quoted?)", line, usedFields(rec), len(s.Header), delimName(s.Delimiter)))
				}
				break
			}
			if i >= keep {
				continue
			}
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			val := data.Text(v)
			if numeric[i] {
				if n, ok := parseNumber(v); ok {
					val = data.Number(n)
				} else if i == iCount && w.Want("count") {
					w.Keep("count", fmt.Sprintf("line %d: %q = %q is not a number: no count for this row", line, s.Count, data.Excerpt(v, 40)))
				}
			}
			props = append(props, data.Property{Key: s.Header[i], Value: val})
		}
		f.Props = props
		f.Geometry = g
		if err := bl.Add(f); err != nil {
			return nil, &data.LoadError{Path: path, Feature: -1, Line: line, Msg: err.Error(), Err: err}
		}
	}
	L.Rows = rows
	if bl.Len() == 0 && rows > 0 {
		return nil, nothingPlaced(path, L.Skipped, rows)
	}
	dateWarns := times.finish(bl)
	if n := len(L.Skipped); n > 0 {
		L.Warnings = append(L.Warnings, fmt.Sprintf("%d of %d rows could not be placed and were skipped (first: line %d: %s); the list can be saved from the load summary",
			n, rows, L.Skipped[0].Line, L.Skipped[0].Reason))
	}
	L.Warnings = append(L.Warnings, dateWarns...)
	L.Warnings = append(L.Warnings, w.List()...)
	if s.Category != "" {
		bl.SetCategoryKey(s.Category)
	}
	if opt.Progress != nil {
		opt.Progress(total, total)
	}
	out := bl.Build()
	if copt.NoCategory && out.CategoryKey() != "" {
		out = out.WithCategoryKey("") // the user chose no category
	}
	if s.Dialect == DialectIOM || s.Dialect == DialectIOMOld || s.Dialect == DialectACLED {
		out.Kind = data.KindIncident
	} else {
		out.Kind = data.DetectKind(out, path)
	}
	return out, nil
}

// usedFields is how many fields rec has up to its last non-empty one.
func usedFields(rec []string) int {
	n := len(rec)
	for n > 0 && strings.TrimSpace(rec[n-1]) == "" {
		n--
	}
	return n
}

// delimName names a delimiter in messages.
func delimName(d rune) string {
	switch d {
	case ',':
		return "comma"
	case ';':
		return "semicolon"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return fmt.Sprintf("%q", d)
}

// nothingPlaced is the error for a table none of whose rows can be placed:
// it gives the commonest reasons, each with its first line.
func nothingPlaced(path string, skipped []data.SkippedRow, rows int) error {
	type reason struct {
		first, n int
		text     string
	}
	var reasons []*reason
	byText := map[string]*reason{}
	for _, r := range skipped {
		key := r.Reason
		if i := strings.IndexAny(key, "\"0123456789"); i > 0 {
			key = key[:i] // group "latitude \"x\" is not a number" by its start
		}
		if rs, ok := byText[key]; ok {
			rs.n++
			continue
		}
		rs := &reason{first: r.Line, n: 1, text: r.Reason}
		byText[key] = rs
		reasons = append(reasons, rs)
	}
	parts := make([]string, 0, 3)
	for i, rs := range reasons {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d other reasons", len(reasons)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%d like line %d: %s", rs.n, rs.first, rs.text))
	}
	return &data.LoadError{Path: path, Feature: -1, Err: data.ErrNothingPlaced, Msg: fmt.Sprintf(
		"none of the %d rows can be placed on the map (%s)", rows, strings.Join(parts, "; "))}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leadingZero reports whether v is a number written with a leading zero
// ("007", a code), which must stay text.
func leadingZero(v string) bool {
	v = strings.TrimSpace(v)
	return len(v) > 1 && v[0] == '0' && v[1] != '.' && v[1] != ','
}

// WriteSkipped writes l's skipped rows as CSV: "line", "reason", then the
// row's own fields under the table's header.
func WriteSkipped(w io.Writer, l *data.Layer) error {
	cw := encsv.NewWriter(w)
	if err := cw.Write(append([]string{"line", "reason"}, l.SkippedHeader...)); err != nil {
		return fmt.Errorf("csv: write skipped rows: %w", err)
	}
	for _, r := range l.Skipped {
		if err := cw.Write(append([]string{strconv.Itoa(r.Line), r.Reason}, r.Fields...)); err != nil {
			return fmt.Errorf("csv: write skipped rows: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("csv: write skipped rows: %w", err)
	}
	return nil
}
