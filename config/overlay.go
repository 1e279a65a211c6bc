package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gopkg.in/yaml.v3"
)

// fixedKeys are the profile keys a request may not change: they change
// the data (the framework and its indicators, the population basis of the
// computed variables), which the server read once.
var fixedKeys = []string{"framework", "population_basis"}

// perLevelKeys are the sections that are either one block for every level
// or a mapping of level names (config: weights and aggregate).
var perLevelKeys = []string{"weights", "aggregate"}

// FixedError is the error of an overlay that changes a key that
// cannot change (framework, population_basis).
type FixedError struct{ Key string }

func (e FixedError) Error() string {
	return e.Key + " cannot change in serve; restart with another --profile"
}

// Overlay merges a request's profile (JSON, in the profile file's own
// structure; empty or null: none) onto the base profile (YAML) and returns
// the merged document as YAML. Mappings merge recursively, the request
// winning, except that a request mapping with a method key replaces the
// base's wholesale; scalars and lists replace; null removes the key. A
// per-level section (weights, aggregate) given as one block in the base is
// first spread over the levels when the request gives levels. Changing a
// fixed key is a FixedError. Parse reads the result.
func Overlay(base, req []byte) ([]byte, error) {
	doc, err := parseDoc(base)
	if err != nil {
		return nil, fmt.Errorf("base profile: %w", err)
	}
	if len(bytes.TrimSpace(req)) > 0 {
		r, err := parseDoc(req)
		if err != nil {
			return nil, err
		}
		if err := checkFixed(doc, r); err != nil {
			return nil, err
		}
		canonicalNumbers(r)
		mergeTop(doc, r)
	}
	return yaml.Marshal(doc)
}

// parseDoc parses a YAML (or JSON) document whose root is a mapping; an
// empty or null document is an empty mapping.
func parseDoc(data []byte) (*yaml.Node, error) {
	var d yaml.Node
	if err := yaml.Unmarshal(data, &d); err != nil {
		return nil, err
	}
	if len(d.Content) == 0 || d.Content[0].Tag == "!!null" {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}, nil
	}
	root := d.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errors.New("the profile must be an object of the profile file's sections")
	}
	return root, nil
}

// checkFixed refuses a request that sets a fixed key to another value
// than the base's.
func checkFixed(base, req *yaml.Node) error {
	for _, k := range fixedKeys {
		r := nodeGet(req, k)
		if r == nil {
			continue
		}
		b := nodeGet(base, k)
		if b == nil || r.Kind != yaml.ScalarNode || b.Kind != yaml.ScalarNode || r.Value != b.Value {
			return FixedError{k}
		}
	}
	return nil
}

// mergeTop merges the top level of a profile: per-level sections are
// spread first when the request gives levels.
func mergeTop(dst, src *yaml.Node) {
	for _, k := range perLevelKeys {
		d, s := nodeGet(dst, k), nodeGet(src, k)
		if d != nil && s != nil && isPerLevel(s) && !isPerLevel(d) {
			nodeSet(dst, k, spread(d))
		}
	}
	mergeNode(dst, src)
}

// mergeNode merges the mapping src into the mapping dst (see overlay).
func mergeNode(dst, src *yaml.Node) {
	for i := 0; i+1 < len(src.Content); i += 2 {
		key, v := src.Content[i].Value, src.Content[i+1]
		d := nodeGet(dst, key)
		switch {
		case v.Tag == "!!null":
			nodeDel(dst, key)
		case d != nil && d.Kind == yaml.MappingNode && v.Kind == yaml.MappingNode && nodeGet(v, "method") == nil:
			mergeNode(d, v)
		default:
			nodeSet(dst, key, v)
		}
	}
}

// isPerLevel reports whether n is a mapping of level names only.
func isPerLevel(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if !slices.Contains(levelKeys, n.Content[i].Value) {
			return false
		}
	}
	return true
}

// spread returns a per-level mapping with a copy of the block n for each
// level.
func spread(n *yaml.Node) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, l := range levelKeys {
		nodeSet(m, l, cloneNode(n))
	}
	return m
}

func cloneNode(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, k := range n.Content {
		c.Content[i] = cloneNode(k)
	}
	return &c
}

// canonicalNumbers rewrites the floats of n in the shortest form that
// reads back as the same float64 (strconv 'g', -1), as a saved profile
// prints them.
func canonicalNumbers(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!float" {
		if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
			n.Value = strconv.FormatFloat(f, 'g', -1, 64)
			n.Tag, n.Style = "", 0 // read back as an int when it is one
		}
	}
	for _, c := range n.Content {
		canonicalNumbers(c)
	}
}

// nodeGet returns the value of key in the mapping m, or nil.
func nodeGet(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// nodeSet sets key to v in the mapping m, in place when it is there.
func nodeSet(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func nodeDel(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

// appendJSON appends the YAML node n as JSON: mappings as objects in
// document order, numbers, booleans and null as such, other scalars as
// strings (a float JSON cannot hold, .inf or .nan, too).
func appendJSON(b []byte, n *yaml.Node) []byte {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return append(b, "null"...)
		}
		return appendJSON(b, n.Content[0])
	case yaml.MappingNode:
		b = append(b, '{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n.Content[i].Value)
			b = append(b, ':')
			b = appendJSON(b, n.Content[i+1])
		}
		return append(b, '}')
	case yaml.SequenceNode:
		b = append(b, '[')
		for i, c := range n.Content {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, c)
		}
		return append(b, ']')
	case yaml.AliasNode:
		return appendJSON(b, n.Alias)
	}
	switch n.ShortTag() {
	case "!!null":
		return append(b, "null"...)
	case "!!bool":
		var v bool
		if n.Decode(&v) == nil {
			return strconv.AppendBool(b, v)
		}
	case "!!int", "!!float":
		var v float64
		if n.Decode(&v) == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil && n.ShortTag() == "!!int" {
				return strconv.AppendInt(b, i, 10)
			}
			return strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	return appendString(b, n.Value)
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// JSON returns a profile document (YAML) as JSON in its own structure:
// mappings as objects in document order, numbers, booleans and null as
// such, other scalars as strings (.inf and .nan too).
func JSON(doc []byte) ([]byte, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(doc, &n); err != nil {
		return nil, err
	}
	return appendJSON(nil, &n), nil
}

// Named returns the profile document with its profile: set to name and,
// unless framework or description is "", its framework: and description:
// to them, without the comment that heads it (it described the profile it
// came from).
func Named(doc []byte, name, framework, description string) ([]byte, error) {
	root, err := parseDoc(doc)
	if err != nil {
		return nil, err
	}
	nodeSet(root, "profile", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name})
	if framework != "" {
		nodeSet(root, "framework", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: framework})
	}
	if description != "" {
		nodeSet(root, "description", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: description})
	}
	root.HeadComment = ""
	if len(root.Content) > 0 {
		root.Content[0].HeadComment = ""
	}
	return yaml.Marshal(root)
}
