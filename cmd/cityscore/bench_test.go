package main

import (
	"io"
	"testing"

	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
)

// BenchmarkASEMPipeline measures COINr's example end to end, in process:
// load the framework and profile, import ASEM_iData.csv (51 units × 60
// columns), compute, normalise (min-max), aggregate over three levels, rank,
// and write the scores CSV. The "score" case times scoring.Run alone, the
// part COINr's Normalise + Aggregate do.
func BenchmarkASEMPipeline(b *testing.B) {
	const (
		fw   = "testdata/asem/framework.yaml"
		prof = "testdata/asem/profile-minmax.yaml"
		data = "../../scoring/testdata/asem/ASEM_iData.csv"
	)
	b.Run("load+import+score+csv", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, err := loadModel(fw, prof)
			if err != nil {
				b.Fatal(err)
			}
			if err := s.loadData([]string{data}, "uCode", 0, false); err != nil {
				b.Fatal(err)
			}
			res, err := scoring.Run(s.schema, s.table, s.prof.Options)
			if err != nil {
				b.Fatal(err)
			}
			if err := exporters.WriteCSV(io.Discard, &exporters.Output{Result: res, Table: s.table, Detail: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("score", func(b *testing.B) {
		s, err := loadModel(fw, prof)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.loadData([]string{data}, "uCode", 0, false); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := scoring.Run(s.schema, s.table, s.prof.Options); err != nil {
				b.Fatal(err)
			}
		}
	})
}
