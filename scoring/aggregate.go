package scoring

import (
	"fmt"
)

// AggregateError reports a value an aggregation cannot take, such as a zero
// under a geometric mean.
type AggregateError struct {
	Method Aggregation
	Node   string  // the node being scored
	Child  string  // the child holding the value
	Unit   string  // the unit
	Year   int     // 0 when the data have no year
	Value  float64 // the value found
}

func (e *AggregateError) Error() string {
	year := ""
	if e.Year != 0 {
		year = fmt.Sprintf(" in %d", e.Year)
	}
	return fmt.Sprintf("%s mean at node %q: unit %q%s has %s = %v; a %s mean needs values > 0 "+
		"(normalise to a positive range, e.g. minmax with range: [1, 100])",
		e.Method, e.Node, e.Unit, year, e.Child, e.Value, e.Method)
}
