// Package seeds holds the built-in resources, embedded in the binary: the
// six-goal framework of the 2025 policy (framework.yaml), the default
// profile (profile.yaml) and a sample of real city data that may ship
// (sample/, MIT, with its notice). The sample's columns are named after the
// framework's inputs with their source units, so it goes through the same
// importer, unit conversions included, as any user file.
package seeds

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

//go:generate go run gen_sample.go

var (
	//go:embed framework.yaml
	frameworkYAML []byte
	//go:embed profile.yaml
	profileYAML []byte
	//go:embed sample/city-panel-2004-2012.csv
	sampleCSV []byte
	//go:embed sample/NOTICE.md
	sampleNotice string
)

// Names under which the built-in resources appear in messages and manifests.
const (
	FrameworkName = "builtin:framework.yaml"
	ProfileName   = "builtin:profile.yaml"
	SampleName    = "builtin:sample/city-panel-2004-2012.csv"
)

// FrameworkYAML returns the built-in framework file.
func FrameworkYAML() []byte { return bytes.Clone(frameworkYAML) }

// Framework loads the built-in framework.
func Framework() (*indicators.Framework, error) {
	return indicators.Parse(frameworkYAML, FrameworkName)
}

// Profile loads the default profile.
func Profile() (*config.Profile, error) {
	return config.Parse(profileYAML, ProfileName)
}

// Sample reads the built-in sample data with the framework fw: 286
// prefecture-level cities, 2004–2012, from a China City Statistical
// Yearbook compilation (see SampleNotice).
func Sample(fw *indicators.Framework) (*dataset.Table, *importers.Report, error) {
	return importers.ReadCSV(bytes.NewReader(sampleCSV), SampleName, importers.Options{Framework: fw})
}

// SampleNotice returns the origin, licence and changes of the sample data.
func SampleNotice() string { return sampleNotice }

// Digest returns the SHA-256 (hex) and size of a built-in resource by its
// name (FrameworkName, ProfileName or SampleName).
func Digest(name string) (sum string, size int64, ok bool) {
	var b []byte
	switch name {
	case FrameworkName:
		b = frameworkYAML
	case ProfileName:
		b = profileYAML
	case SampleName:
		b = sampleCSV
	default:
		return "", 0, false
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), int64(len(b)), true
}
