package importers

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// asemIndicators are the 49 indicator codes of the JRC ASEM index
// (testdata/ASEM_iData.csv, from COINr; see testdata/NOTICE).
var asemIndicators = strings.Fields(`LPI Flights Ship Bord Elec Gas ConSpeed Cov4G Goods Services FDI PRemit
	ForPort Embs IGOs UNVote CostImpEx Tariff TBTs TIRcon RTAs Visa StMob Research Pat CultServ CultGood Tourist
	MigStock Lang Renew PrimEner CO2 MatCon Forest Poverty Palma TertGrad FreePress TolMin NGOs CPI FemLab
	WomParl PubDebt PrivDebt GDPGrow RDExp NEET`)

func asemFramework(t testing.TB) *indicators.Framework {
	t.Helper()
	var b strings.Builder
	b.WriteString("id: asem\nname: ASEM\ngoals:\n  - id: all\n    name: All\n    indicators:\n")
	for _, id := range asemIndicators {
		fmt.Fprintf(&b, "      - {id: %s, name: %s, direction: positive}\n", id, id)
	}
	fw, err := indicators.Parse([]byte(b.String()), "asem.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

func TestReadASEM(t *testing.T) {
	if len(asemIndicators) != 49 {
		t.Fatalf("%d indicator codes", len(asemIndicators))
	}
	tab, rep, err := ReadFile("testdata/ASEM_iData.csv", Options{Framework: asemFramework(t), UnitColumn: "uCode"})
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 51 || !slices.Equal(tab.Years(), []int{2018}) {
		t.Errorf("%d rows, years %v; want 51 rows of 2018", tab.Len(), tab.Years())
	}
	if k := tab.Key(0); k != (dataset.Key{Unit: "AUT", Year: 2018}) {
		t.Errorf("first key %v", k)
	}
	wantLabels := []string{"uName", "GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group", "Area", "Energy", "GDP", "Population"}
	if !slices.Equal(tab.LabelNames(), wantLabels) {
		t.Errorf("labels %v, want %v", tab.LabelNames(), wantLabels)
	}
	var unmatched []string
	for _, u := range rep.Unmatched {
		unmatched = append(unmatched, u.Header)
	}
	if !slices.Equal(unmatched, wantLabels) {
		t.Errorf("unmatched %v", unmatched)
	}
	if tab.Label("uName", 0) != "Austria" || tab.Label("EurAsia_group", 0) != "Europe" {
		t.Errorf("labels of AUT: %q %q", tab.Label("uName", 0), tab.Label("EurAsia_group", 0))
	}
	if len(tab.Columns()) != 49 || len(rep.Matched) != 49 {
		t.Errorf("%d columns, %d matched", len(tab.Columns()), len(rep.Matched))
	}
	missing := 0
	for _, c := range tab.Columns() {
		for i := range c.Values {
			if _, ok := c.Value(i); !ok {
				missing++
			}
		}
	}
	if missing != 63 {
		t.Errorf("%d missing values, want 63", missing)
	}
	if v, _ := tab.Column("LPI").Value(0); v != 4.097985 {
		t.Errorf("LPI of AUT = %v", v)
	}
	if o := tab.Column("LPI").Origin(0); o.String() != "testdata/ASEM_iData.csv!L2" {
		t.Errorf("origin %s", o)
	}
	if len(rep.NoData) != 0 || len(rep.Converted()) != 0 {
		t.Errorf("no data %v, converted %v", rep.NoData, rep.Converted())
	}
}
