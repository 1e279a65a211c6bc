package dataset

import (
	"encoding"
	"fmt"
)

// Level is the role of a node in a framework tree.
type Level int8

const (
	LevelIndicator Level = iota + 1
	LevelDimension
	LevelGoal
	LevelIndex
)

var levelNames = [...]string{LevelIndicator: "indicator", LevelDimension: "dimension", LevelGoal: "goal", LevelIndex: "index"}

// String returns "indicator", "dimension", "goal" or "index".
func (l Level) String() string {
	if l < LevelIndicator || l > LevelIndex {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// Direction says which raw values are better.
type Direction int8

const (
	// Positive: higher is better. It is the zero value.
	Positive Direction = iota
	// Negative: lower is better; the value is multiplied by −1 before
	// normalisation.
	Negative
	// Interval: values inside the optimal range are best; see
	// Node.Optimal and Node.Tolerable.
	Interval
)

var _ encoding.TextUnmarshaler = (*Direction)(nil)

// String returns "positive", "negative" or "interval".
func (d Direction) String() string {
	switch d {
	case Positive:
		return "positive"
	case Negative:
		return "negative"
	case Interval:
		return "interval"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// UnmarshalText accepts positive, negative or interval, and the shorthands
// +, +1, 1, -, -1.
func (d *Direction) UnmarshalText(b []byte) error {
	switch string(b) {
	case "positive", "+", "1", "+1":
		*d = Positive
	case "negative", "-", "-1":
		*d = Negative
	case "interval":
		*d = Interval
	default:
		return fmt.Errorf("unknown direction %q (want positive|negative|interval)", b)
	}
	return nil
}

// Range is a closed interval [Lo, Hi].
type Range struct{ Lo, Hi float64 }

// Text is a bilingual label.
type Text struct {
	Zh string
	En string
}

// In returns the label in lang ("zh" or "en"), falling back to the other
// language when that one is empty.
func (t Text) In(lang string) string {
	if lang == "en" {
		if t.En != "" {
			return t.En
		}
		return t.Zh
	}
	if t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// Node is one node of a framework tree: the index, a goal, a dimension or an
// indicator.
type Node struct {
	ID       string
	Level    Level
	Parent   int   // index of the parent in Schema.Nodes; -1 for the root
	Children []int // indices of the children, in framework order
	Weight   float64
	Name     Text

	// Indicators only.
	Unit      string
	Variable  VariableID // the table column holding the indicator's values
	Direction Direction
	Optimal   *Range          // Interval: the best range [a, b]
	Tolerable *Range          // Interval: values outside score 0; nil = the observed range
	Goalposts *Range          // fixed [worst, best] for goalpost normalisation
	Targets   map[int]float64 // policy targets by year
}

// Schema is a framework tree flattened for scoring. Nodes[0] is the index;
// every node comes after its parent (pre-order, framework order).
type Schema struct {
	ID      string // framework id
	Version string
	Nodes   []Node
	index   map[string]int
}

// NewSchema builds a schema from nodes in pre-order, with Nodes[0] the root.
// It fills in each node's Children from the Parent links and checks that ids
// are unique and every parent comes before its children.
func NewSchema(id, version string, nodes []Node) (*Schema, error) {
	s := &Schema{ID: id, Version: version, Nodes: nodes, index: make(map[string]int, len(nodes))}
	for i := range s.Nodes {
		n := &s.Nodes[i]
		n.Children = n.Children[:0]
		if _, dup := s.index[n.ID]; dup {
			return nil, fmt.Errorf("schema: duplicate node id %q", n.ID)
		}
		s.index[n.ID] = i
		if i == 0 {
			if n.Parent != -1 {
				return nil, fmt.Errorf("schema: root %q has a parent", n.ID)
			}
			continue
		}
		if n.Parent < 0 || n.Parent >= i {
			return nil, fmt.Errorf("schema: node %q: parent must come before it", n.ID)
		}
		p := &s.Nodes[n.Parent]
		p.Children = append(p.Children, i)
	}
	return s, nil
}

// Index returns the position of node id in Nodes.
func (s *Schema) Index(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

// Indicators returns the positions of the indicator nodes, in order.
func (s *Schema) Indicators() []int {
	var out []int
	for i, n := range s.Nodes {
		if n.Level == LevelIndicator {
			out = append(out, i)
		}
	}
	return out
}

// ByLevel returns the positions of the nodes of level l, in order.
func (s *Schema) ByLevel(l Level) []int {
	var out []int
	for i, n := range s.Nodes {
		if n.Level == l {
			out = append(out, i)
		}
	}
	return out
}

// Leaves returns the positions of the indicators under node (the node
// itself for an indicator), in framework order.
func (s *Schema) Leaves(node int) []int {
	if s.Nodes[node].Level == LevelIndicator {
		return []int{node}
	}
	var out []int
	for _, c := range s.Nodes[node].Children {
		out = append(out, s.Leaves(c)...)
	}
	return out
}
