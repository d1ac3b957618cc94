// Package check validates the deployment recipes in deploy/ without a
// cluster: each Kubernetes manifest decodes strictly into the API types
// of k8s.io/api (an unknown or misspelt field fails), the Indexed Job's
// shard count agrees with its completions, every mount has its volume and
// every claim its manifest; each Slurm script parses (bash -n) and its
// #SBATCH directives are known options, with an array of 1-N. It is a
// module of its own so that ccsim itself does not depend on the
// Kubernetes libraries; .ci/run runs its tests. The recipes' ccsim
// commands themselves are run, shards and merge, by the tests of
// cmd/ccsim.
package check
