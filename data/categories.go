package data

// CountCategories returns how many features of each category index (see
// CategoryIndex; index 0 counts the features without a category) the time
// window w shows: dated features in w (wholly inside it when inside),
// undated ones always, and every feature when w is undated. keep, when
// not nil, leaves out the features it rejects (category and value
// filters). It is the one category counter: the window's category panel,
// the legends of pages and captions and `campmap inspect` all use it.
func (l *Layer) CountCategories(w Span, inside bool, keep func(i int) bool) []int {
	counts := make([]int, len(l.Categories())+1)
	add := func(i int) {
		if keep != nil && !keep(i) {
			return
		}
		if c := l.CategoryIndex(i); c >= 0 && c < len(counts) {
			counts[c]++
		}
	}
	if !w.Dated() || l.Index() == nil {
		for i := range l.Len() {
			if s := l.Span(i); !w.Dated() || !s.Dated() || inWindow(s, w, inside) {
				add(i)
			}
		}
		return counts
	}
	for _, i := range l.Index().Undated() {
		add(int(i))
	}
	l.Index().Query(w, inside, func(i int32) bool { add(int(i)); return true })
	return counts
}

// inWindow reports whether span s shows in window w.
func inWindow(s, w Span, inside bool) bool {
	if inside {
		return s.Inside(w)
	}
	return s.Overlaps(w)
}
