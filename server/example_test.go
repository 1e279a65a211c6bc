package server_test

import (
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
	"github.com/cityscore/cityscore/server"
)

// Serve the built-in sample and ask how the ranking moves when the
// innovative goal counts for nothing.
func Example() {
	fw, _ := seeds.Framework()
	prof, _ := seeds.Profile()
	table, _, _ := seeds.Sample(fw)
	fw.ComputeWith(table, indicators.ComputeOptions{Basis: prof.PopulationBasis})

	ts := httptest.NewUnstartedServer(nil)
	defer ts.Close()
	srv, err := server.New(server.Config{Framework: fw, Table: table, Profile: prof, ProfileYAML: seeds.ProfileYAML(),
		Addr: ts.Listener.Addr().String()}) // requests must name this host
	if err != nil {
		log.Fatal(err)
	}
	ts.Config.Handler = srv.Handler()
	ts.Start()

	body := `{"weights": {"goals": {"method": "manual", "values":
	  {"innovative": 0, "livable": 1, "beautiful": 1, "resilient": 1, "civilized": 1, "smart": 1}}}}`
	resp, err := http.Post(ts.URL+"/api/score", "application/json", strings.NewReader(body))
	if err != nil {
		log.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Units []struct {
			Unit       string
			Rank       *int
			BaseRank   *int `json:"base_rank"`
			RankChange *int `json:"rank_change"`
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		log.Fatal(err)
	}
	for _, u := range got.Units[:3] {
		fmt.Printf("%d %s (was %d, %+d)\n", *u.Rank, u.Unit, *u.BaseRank, *u.RankChange)
	}
	// Output:
	// 1 深圳市 (was 1, +0)
	// 2 昆明市 (was 3, +1)
	// 3 北京市 (was 2, -1)
}
