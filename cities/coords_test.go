package cities_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cityscore/cityscore/cities"
)

func TestPoint(t *testing.T) {
	for _, tc := range []struct {
		code     string
		lon, lat float64 // approximate; 0 = no point
	}{
		{"110000", 116.4, 39.9}, // 北京市, a municipality
		{"330100", 120.2, 30.3}, // 杭州市
		{"520500", 105.3, 27.3}, // 毕节市: 2016's code, joined as the unit
		{"330000", 0, 0},        // 浙江省: a province
		{"999999", 0, 0},
	} {
		lon, lat, ok := cities.Point(tc.code)
		if ok != (tc.lon != 0) || (ok && (abs(lon-tc.lon) > 0.1 || abs(lat-tc.lat) > 0.1)) {
			t.Errorf("Point(%s) = %v, %v, %v; want about %v, %v", tc.code, lon, lat, ok, tc.lon, tc.lat)
		}
	}
	n := 0
	for _, c := range cities.Units() {
		if _, _, ok := cities.Point(c.Code); ok {
			n++
		}
	}
	if n < 330 {
		t.Errorf("%d units with a point; want every prefecture of 2016 (about 338)", n)
	}
}

func abs(x float64) float64 { return max(x, -x) }

// TestCoordsRegenerate checks that coords.tsv is what gencoords.go derives,
// when the dataset is at hand (../../shared/data).
func TestCoordsRegenerate(t *testing.T) {
	src := "../../shared/data/city-coordinates/adcodes.csv"
	if _, err := os.Stat(src); err != nil {
		t.Skip("city-coordinates not available:", err)
	}
	out := filepath.Join(t.TempDir(), "coords.tsv")
	if b, err := exec.Command("go", "run", "gencoords.go", "-src", src, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("gencoords.go: %v\n%s", err, b)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile("coords.tsv")
	if !bytes.Equal(got, want) {
		t.Error("coords.tsv differs from gencoords.go's output; run go generate ./cities")
	}
}
