package exporters

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cityscore/cityscore/dataset"
)

func TestValueText(t *testing.T) {
	for v, want := range map[float64]string{61272.4: "61,272", 1234567: "1,234,567", 450280.2538248: "450,280", 99.26: "99.26",
		410.83: "410.8", 0.4116: "0.412", -2500: "-2,500"} {
		if got := valueText(v); got != want {
			t.Errorf("valueText(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestCityPage: a city page holds the city's rank, its groups with the
// rank within each, the radar (an SVG polygon per series, an axis per goal
// with data) and its strongest and weakest indicators; in headless
// Chromium it prints to at most two A4 pages.
func TestCityPage(t *testing.T) {
	o := testOutput(t, "zh")
	y := o.Result.Years[len(o.Result.Years)-1]
	unit := y.Units[0]
	o.Groups = []Grouping{{ID: "region", Label: dataset.Text{Zh: "地区", En: "Region"}, Of: map[dataset.UnitID]string{}, Ranked: true}}
	for _, id := range y.Units {
		o.Groups[0].Of[id] = "东部"
	}
	var buf bytes.Buffer
	if err := WriteCityPage(&buf, o, unit); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<title>" + string(unit) + " · 城市画像</title>", "综合排名", "地区", "东部", "<svg", "相对优势指标", "相对短板指标"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if !strings.Contains(page, "<rect") {
		t.Error("two goals: no bar chart")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed: the print check skips")
	}
	dir := t.TempDir()
	html, pdf := filepath.Join(dir, "p.html"), filepath.Join(dir, "p.pdf")
	if err := os.WriteFile(html, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// A Chromium started while another starts (other packages' browser
	// tests run at the same time) now and then dies at start-up: it is
	// started again, up to three times.
	for attempt := 1; ; attempt++ {
		cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)
		out, err := cmd.CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 3 {
			t.Fatalf("chromium: %v\n%s", err, out)
		}
		time.Sleep(time.Second)
	}
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(raw, -1))
	if pages < 1 || pages > 2 {
		t.Errorf("the page prints to %d A4 pages, want 1 or 2", pages)
	}
}
