package gpkg

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// fidSet is a set of fids written as ascending ranges, "1-6,8,10-12", so
// that a column null in most rows costs a few bytes in the layer record.
type fidSet []int64

// MarshalJSON writes the set as a string of ranges.
func (s fidSet) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(s[i], 10))
		if j > i {
			b.WriteByte('-')
			b.WriteString(strconv.FormatInt(s[j], 10))
		}
		i = j + 1
	}
	return json.Marshal(b.String())
}

// UnmarshalJSON reads a string of ranges.
func (s *fidSet) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	*s = nil
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
			if z, err = strconv.ParseInt(hi, 10, 64); err != nil || z < a || z-a > 1<<31 {
				return fmt.Errorf("fid range %q is not a range", part)
			}
		}
		for f := a; f <= z; f++ {
			*s = append(*s, f)
		}
	}
	return nil
}
