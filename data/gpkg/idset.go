package gpkg

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// fidSet is a set of fids kept and written as ascending ranges,
// "1-6,8,10-12", so that a column null in most rows costs a few bytes in
// the layer record, and reading a record never expands a range.
type fidSet struct {
	r [][2]int64 // ascending, disjoint, inclusive
}

// add adds fid f, which must not be below any fid added before.
func (s *fidSet) add(f int64) {
	if n := len(s.r); n > 0 && s.r[n-1][1]+1 >= f {
		s.r[n-1][1] = max(s.r[n-1][1], f)
		return
	}
	s.r = append(s.r, [2]int64{f, f})
}

// has reports whether f is in the set.
func (s *fidSet) has(f int64) bool {
	k := sort.Search(len(s.r), func(k int) bool { return s.r[k][1] >= f })
	return k < len(s.r) && s.r[k][0] <= f
}

// MarshalJSON writes the set as a string of ranges.
func (s fidSet) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	for k, r := range s.r {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(r[0], 10))
		if r[1] > r[0] {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(r[1], 10))
		}
	}
	return json.Marshal(b.String())
}

// UnmarshalJSON reads a string of ascending ranges.
func (s *fidSet) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	s.r = nil
	if str == "" {
		return nil
	}
	for _, part := range strings.Split(str, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.ParseInt(lo, 10, 64)
		if err != nil {
			return fmt.Errorf("fid range %q: %w", part, err)
		}
		z := a
		if isRange {
			if z, err = strconv.ParseInt(hi, 10, 64); err != nil || z < a {
				return fmt.Errorf("fid range %q is not a range", part)
			}
		}
		if n := len(s.r); n > 0 && a <= s.r[n-1][1] {
			return fmt.Errorf("fid range %q is not above the one before", part)
		}
		s.r = append(s.r, [2]int64{a, z})
	}
	return nil
}
