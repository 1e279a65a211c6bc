package exporters_test

import (
	"fmt"
	"log"
	"os"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
)

// score builds a one-goal framework with two indicators, fills a table of
// three cities without a year, and scores it with the default options.
func score() (*scoring.Result, *dataset.Table) {
	s, err := dataset.NewSchema("demo", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1},
		{ID: "livable", Level: dataset.LevelGoal, Parent: 0, Weight: 1, Name: dataset.Text{Zh: "宜居", En: "Livable"}},
		{ID: "park_area", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "park_area"},
		{ID: "pm25", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "pm25", Direction: dataset.Negative},
	})
	if err != nil {
		log.Fatal(err)
	}
	t := dataset.New()
	park, pm := t.AddColumn("park_area", "平方米", ""), t.AddColumn("pm25", "微克/立方米", "")
	for _, c := range []struct {
		unit     dataset.UnitID
		park, pm float64
	}{{"北京", 16.4, 42}, {"上海", 8.4, 35}, {"广州", 17.9, 30}} {
		row, _ := t.AddRow(dataset.Key{Unit: c.unit})
		park.Set(row, c.park, 0, dataset.Origin{})
		pm.Set(row, c.pm, 0, dataset.Origin{})
	}
	r, err := scoring.Run(s, t, scoring.DefaultOptions())
	if err != nil {
		log.Fatal(err)
	}
	return r, t
}

func ExampleWriteCSV() {
	r, t := score()
	if err := exporters.WriteCSV(os.Stdout, &exporters.Output{Result: r, Table: t, Detail: true}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// unit,year,rank,score,livable,park_area,pm25,coverage,status,thin_goals
	// 广州,,1,100,100,100,100,1,ranked,livable
	// 北京,,2,42.10526315789473,42.10526315789473,84.21052631578947,0,1,ranked,livable
	// 上海,,3,29.166666666666668,29.166666666666668,0,58.333333333333336,1,ranked,livable
}

func ExampleWriteWeightsCSV() {
	r, _ := score()
	if err := exporters.WriteWeightsCSV(os.Stdout, r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// node,parent,level,method,weight,effective_weight
	// livable,index,goal,framework,1,1
	// park_area,livable,indicator,framework,0.5,0.5
	// pm25,livable,indicator,framework,0.5,0.5
}
