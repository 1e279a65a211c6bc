package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestAssetsSelfContained: every file index.html names is embedded, and no
// asset loads anything from the network.
func TestAssetsSelfContained(t *testing.T) {
	index, err := fs.ReadFile(Assets, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"#]+)"`).FindAllStringSubmatch(string(index), -1)
	if len(refs) == 0 {
		t.Fatal("index.html names no script or style")
	}
	for _, m := range refs {
		if _, err := fs.Stat(Assets, m[1]); err != nil {
			t.Errorf("index.html names %q, not embedded: %v", m[1], err)
		}
	}
	remote := regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/|@import|\bimport\s*\(`)
	err = fs.WalkDir(Assets, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Assets, path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			// SVG namespaces are names, not requests.
			if strings.Contains(line, "www.w3.org/2000/svg") {
				continue
			}
			if loc := remote.FindString(line); loc != "" {
				t.Errorf("%s: remote reference %q in %q", path, loc, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTestHooks: the ids end-to-end tests rely on are in the page.
func TestTestHooks(t *testing.T) {
	index, err := fs.ReadFile(Assets, "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"ranking", "normalize", "aggregate", "save-profile", "download-workbook",
		"reset", "lang", "busy", "city-frame", "map", "tab-ranking", "tab-map", "tab-scenarios",
		"pin-a", "scenario-table", "error"} {
		if !strings.Contains(string(index), `id="`+id+`"`) {
			t.Errorf("index.html: no element with id %q", id)
		}
	}
}
