package config

import "slices"

// NormalizeMethods returns the normalisation methods a profile may name.
func NormalizeMethods() []string { return slices.Clone(normalizeMethods) }

// AggregateMethods returns the aggregation methods a profile may name.
func AggregateMethods() []string { return slices.Clone(aggregateMethods) }

// WeightMethods returns the weighting methods a profile may name.
func WeightMethods() []string { return slices.Clone(weightMethods) }
