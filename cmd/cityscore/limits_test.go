package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestLimitFlag: a file over a reader limit is refused with a message that
// names the --limit to raise, and raising it reads the file.
func TestLimitFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	_, stderr, code := runCLI(t, "score", "--data", "testdata/cncity/cities.csv", "--limit", "rows=3", "--out", out)
	if code != 1 || !strings.Contains(stderr, "more than 3 rows (limit rows = 3; raise it to read this file: --limit rows=N") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if _, stderr, code := runCLI(t, "score", "--data", "testdata/cncity/cities.csv", "--limit", "rows=10", "--out", out); code != 0 {
		t.Errorf("raised: exit %d:\n%s", code, stderr)
	}
	for _, cmd := range []string{"import", "validate", "weights", "template"} {
		_, stderr, code := runCLI(t, cmd, "--limit", "bogus=1")
		if code != 2 || !strings.Contains(stderr, `unknown limit "bogus"`) {
			t.Errorf("%s --limit bogus=1: exit %d:\n%s", cmd, code, stderr)
		}
	}
}
