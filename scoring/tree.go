package scoring

import "github.com/cityscore/cityscore/dataset"

// tree holds the shape of a schema as Run reads it, worked out once per
// run instead of at every node and year.
type tree struct {
	inds []int // the indicator nodes, in order (Schema.Indicators)
	// leaves gives, by node, the indicators under it in framework order
	// (Schema.Leaves): views of one array, which callers must not modify.
	leaves [][]int
}

// newTree returns the shape of s. The leaves of an aggregate are the
// leaves of its children in turn; children come after their parent, so in
// reverse order every child is done before its parent.
func newTree(s *dataset.Schema) *tree {
	t := &tree{leaves: make([][]int, len(s.Nodes))}
	count := make([]int, len(s.Nodes)) // leaves under each node
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		n := s.Nodes[i]
		if n.Level == dataset.LevelIndicator {
			count[i] = 1
		}
		if n.Parent >= 0 {
			count[n.Parent] += count[i]
		}
	}
	total := 0
	for i, n := range s.Nodes {
		if n.Level == dataset.LevelIndicator {
			t.inds = append(t.inds, i)
		} else {
			total += count[i]
		}
	}
	// An indicator's leaves are itself: a view of inds, capacity-limited.
	k := 0
	for i, n := range s.Nodes {
		if n.Level == dataset.LevelIndicator {
			t.leaves[i] = t.inds[k : k+1 : k+1]
			k++
		}
	}
	buf := make([]int, 0, total)
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		n := s.Nodes[i]
		if n.Level == dataset.LevelIndicator {
			continue
		}
		start := len(buf)
		for _, c := range n.Children {
			buf = append(buf, t.leaves[c]...)
		}
		if len(buf) > start { // else nil, as Schema.Leaves gives
			t.leaves[i] = buf[start:len(buf):len(buf)]
		}
	}
	return t
}
