// Package layers keeps ccsim's import graph in its shape; it has no code,
// only a test that reads the graph with "go list -deps" and fails when a
// package imports what its layer must not:
//
//   - sim and erlang, the model and the closed forms, import no ccsim
//     package;
//   - scenarios is the only package that imports the YAML library: the
//     others take a model, never a file;
//   - plan and the history packages (contactlog, calibrate, forecast,
//     backtest) take the model and do not import scenarios;
//   - capacity takes the model and plain inputs and imports neither
//     scenarios (which reads capacity files into its types) nor plan (the
//     command hands it plan's search); plan and the history packages do
//     not import capacity;
//   - contactlog imports no ccsim package, and calibrate, forecast and
//     backtest do not import one another;
//   - sweep, the what-if grids, imports sim alone (scenarios reads its
//     files, plots draws its charts), and shard, the file of one part of
//     a run spread over machines, imports no ccsim package;
//   - output, the presentation layer, depends on neither the commands nor
//     the charts (plots may use it, cmd/ccsim prints through it), and is
//     with baseline, for its own file format, the only package that
//     writes JSON (internal/chromium, which drives a browser for the
//     report tests, speaks the DevTools protocol in it).
package layers
