// Package scenarios reads ccsim's YAML scenario files: channels, arrivals,
// handle times, patience, flows between channels and agent groups with
// their staffing and costs. It loads them strictly, reporting every
// problem at once with its file, line, column and key path, and turns a
// scenario into the sim.Model that the simulator and the Erlang planner
// take.
//
// The folder also holds the example scenarios (default.yaml is embedded
// and returned by Default), the JSON Schema for editors (schema.json) and
// the starter file that "ccsim init" writes. The format is documented in
// docs/scenarios.md.
package scenarios
