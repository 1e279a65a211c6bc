package cities

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

//go:generate go run gencoords.go

//go:embed coords.tsv
var coordsTSV string

// PointSource credits the points Point returns, for a map's attribution.
const PointSource = "City points: chinese_province_city_area_mapper adcodes.csv, © 2018 QinYuan Du (MIT), " +
	"from Vonng/adcode (CC BY 4.0); seats of government, GCJ-02, codes of 2016 joined to current units"

type lonLat struct{ lon, lat float64 }

var points = sync.OnceValue(func() map[string]lonLat {
	out := map[string]lonLat{}
	for _, line := range strings.Split(coordsTSV, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || strings.HasPrefix(line, "#") {
			continue
		}
		lon, err1 := strconv.ParseFloat(f[2], 64)
		lat, err2 := strconv.ParseFloat(f[3], 64)
		if err1 == nil && err2 == nil {
			out[f[0]] = lonLat{lon, lat}
		}
	}
	return out
})

// Point returns the seat of government of the prefecture-level unit or
// municipality with the current code (GCJ-02 longitude and latitude, as
// the Amap system draws them; a few hundred metres off WGS84). ok is false
// for a unit without a point: a county-level city, a province, or a
// prefecture created after 2016.
func Point(code string) (lon, lat float64, ok bool) {
	p, ok := points()[code]
	return p.lon, p.lat, ok
}
