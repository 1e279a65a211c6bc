package config_test

import (
	"path/filepath"
	"testing"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
)

// TestShippedProfiles loads every example profile in this directory and
// checks it against the built-in framework.
func TestShippedProfiles(t *testing.T) {
	files, _ := filepath.Glob("*.yaml")
	files = append(files, "../seeds/profile.yaml")
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
		// Every shipped profile protects the ranking and keeps one
		// population basis.
		if p.Options.Rank.By == scoring.RuleNone || p.PopulationBasis != "resident" {
			t.Errorf("%s: rank rule %+v, population basis %q", f, p.Options.Rank, p.PopulationBasis)
		}
	}
}
