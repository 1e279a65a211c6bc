package config_test

import (
	"path/filepath"
	"testing"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/indicators"
)

// TestShippedProfiles loads every example profile in this directory and
// checks it against the built-in framework.
func TestShippedProfiles(t *testing.T) {
	files, _ := filepath.Glob("*.yaml")
	if len(files) == 0 {
		t.Fatal("no example profiles")
	}
	fw, err := indicators.LoadFile("../seeds/framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p, err := config.LoadFile(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if p.Framework != config.Builtin {
			t.Errorf("%s: framework %q, want builtin", f, p.Framework)
		}
		if err := p.Check(fw.Schema()); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
