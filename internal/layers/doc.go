// Package layers keeps ccsim's import graph in its shape; it has no code,
// only a test that reads the graph with "go list -deps" and fails when a
// package imports what its layer must not:
//
//   - sim and erlang, the model and the closed forms, import no ccsim
//     package;
//   - scenarios is the only package that imports the YAML library: the
//     others take a model, never a file;
//   - plan and the history packages take the model and do not import
//     scenarios.
package layers
