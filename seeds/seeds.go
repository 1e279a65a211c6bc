// Package seeds holds the built-in resources, embedded in the binary: the
// six-goal framework of the 2025 policy (framework.yaml), its yearbook-ready
// variant (ccsy.yaml: every indicator from the China City Statistical
// Yearbook's section-2 tables), the default profile (profile.yaml) and a
// sample of real city data that may ship
// (sample/, MIT, with its notice). The sample's columns are named after the
// framework's inputs with their source units, so it goes through the same
// importer, unit conversions included, as any user file.
package seeds

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

//go:generate go run gen_sample.go

var (
	//go:embed framework.yaml
	frameworkYAML []byte
	//go:embed ccsy.yaml
	ccsyYAML []byte
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
	CCSYName      = "builtin:ccsy.yaml"
	ProfileName   = "builtin:profile.yaml"
	SampleName    = "builtin:sample/city-panel-2004-2012.csv"
)

// FrameworkYAML returns the built-in framework file.
func FrameworkYAML() []byte { return bytes.Clone(frameworkYAML) }

// Framework loads the built-in framework.
func Framework() (*indicators.Framework, error) {
	return indicators.Parse(frameworkYAML, FrameworkName)
}

// CCSY loads the yearbook-ready built-in framework (ccsy.yaml): the same six
// goals, every indicator computed from the section-2 tables of the China
// City Statistical Yearbook.
func CCSY() (*indicators.Framework, error) {
	return indicators.Parse(ccsyYAML, CCSYName)
}

// The names under which a --framework flag or a profile's framework: key
// selects a built-in framework, in the order FrameworkNames lists them.
const (
	DefaultFrameworkKey = "builtin" // framework.yaml, the research catalog
	CCSYFrameworkKey    = "ccsy"    // ccsy.yaml, computable from the yearbook alone
)

var builtinFrameworks = []struct {
	key, name string
	yaml      []byte
}{
	{DefaultFrameworkKey, FrameworkName, frameworkYAML},
	{CCSYFrameworkKey, CCSYName, ccsyYAML},
}

// FrameworkNames returns the names of the built-in frameworks: builtin
// (framework.yaml) and ccsy (ccsy.yaml).
func FrameworkNames() []string {
	out := make([]string, len(builtinFrameworks))
	for i, b := range builtinFrameworks {
		out[i] = b.key
	}
	return out
}

// FrameworkSource returns the resource name (FrameworkName, CCSYName) of
// the built-in framework that name selects: a key of FrameworkNames or the
// resource name itself (as manifests print it). ok is false when name
// selects none.
func FrameworkSource(name string) (resource string, ok bool) {
	for _, b := range builtinFrameworks {
		if name == b.key || name == b.name {
			return b.name, true
		}
	}
	return "", false
}

// FrameworkNamed loads the built-in framework that name selects ("builtin",
// "ccsy", or a resource name such as "builtin:ccsy.yaml") and returns it
// with its resource name, for messages and manifests.
func FrameworkNamed(name string) (*indicators.Framework, string, error) {
	for _, b := range builtinFrameworks {
		if name == b.key || name == b.name {
			fw, err := indicators.Parse(b.yaml, b.name)
			return fw, b.name, err
		}
	}
	return nil, "", fmt.Errorf("%q is not a built-in framework (want %s)", name, strings.Join(FrameworkNames(), " or "))
}

// ProfileYAML returns the built-in default profile file.
func ProfileYAML() []byte { return bytes.Clone(profileYAML) }

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
// name (FrameworkName, CCSYName, ProfileName or SampleName).
func Digest(name string) (sum string, size int64, ok bool) {
	var b []byte
	switch name {
	case FrameworkName:
		b = frameworkYAML
	case CCSYName:
		b = ccsyYAML
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
