package scoring

// SetSlabMax sets slabMax for a test and returns the old value.
func SetSlabMax(n int) int {
	old := slabMax
	slabMax = n
	return old
}

// CountNaN is countNaN, for its test.
var CountNaN = countNaN
