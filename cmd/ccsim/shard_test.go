package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/scenarios"
)

// TestMain lets the test binary stand in for ccsim: started with
// CCSIM_TEST_MAIN=1 it runs its command line as ccsim and exits, so that
// the tests below start real ccsim processes (shards, merges, the deploy
// recipes) without building a binary.
func TestMain(m *testing.M) {
	if os.Getenv("CCSIM_TEST_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// ccsimOnPath returns a folder holding "ccsim", the test binary, and the
// environment that makes it one: PATH starting with that folder, CCSIM
// naming it.
func ccsimOnPath(t *testing.T) (bin string, env []string) {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin = filepath.Join(dir, "ccsim")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "CCSIM_TEST_MAIN=1", "CCSIM="+bin, "PATH="+dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return bin, env
}

// shell runs a command line in dir with env and returns its exit code,
// standard output and standard error.
func shell(t *testing.T, dir string, env []string, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return code, out.String(), errOut.String()
}

// workDir makes a folder with the inputs the tests shard: center.yaml
// (the default scenario, at few replications so the tests stay quick),
// the example sweep file what-if.yaml of deploy/, and a one-at-a-time
// sweep file.
func workDir(t *testing.T, reps int) string {
	t.Helper()
	dir := t.TempDir()
	center := strings.Replace(string(scenarios.DefaultYAML()), "replications: 20", "replications: "+strconv.Itoa(reps), 1)
	if !strings.Contains(center, "replications: "+strconv.Itoa(reps)+"\n") {
		t.Fatal("the default scenario no longer says replications: 20")
	}
	whatIf, err := os.ReadFile("../../deploy/what-if.yaml")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"center.yaml":  center,
		"what-if.yaml": string(whatIf),
		"oat.yaml": `mode: one-at-a-time
vary:
  volume:phone: [0.9, 1.1]
  handle_delta:phone: [-15s, 15s]
  staff_delta:voice: [-3, 3]
  shrinkage:voice: [25%]
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// sameFolder compares the files of two folders byte for byte.
func sameFolder(t *testing.T, a, b string) {
	t.Helper()
	na, nb := entryNames(t, a), entryNames(t, b)
	if strings.Join(na, " ") != strings.Join(nb, " ") || len(na) == 0 {
		t.Fatalf("%s holds %v, %s holds %v", a, na, b, nb)
	}
	for _, n := range na {
		x, _ := os.ReadFile(filepath.Join(a, n))
		y, _ := os.ReadFile(filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the unsharded and the merged run", n)
		}
	}
}

// TestShardedEqualsUnsharded runs run, check and sweep unsharded, then as
// N shard processes started by deploy/local/shard.sh (xargs -P) and
// merged, and compares the bytes: standard output, the exit code and the
// files the command writes (charts, a JUnit report). Shards run with
// --workers 1 while the unsharded run uses every core, and some splits
// leave shards empty.
func TestShardedEqualsUnsharded(t *testing.T) {
	bin, env := ccsimOnPath(t)
	dir := workDir(t, 3)
	code, _, stderr := shell(t, dir, env, bin, "check", "center.yaml", "--baseline", "base.json", "--update", "--reps", "4")
	if code != 0 {
		t.Fatalf("writing the baseline: exit %d\n%s", code, stderr)
	}
	cases := []struct {
		name   string
		shards int
		args   []string
		files  string // a folder or file the command writes, compared too
	}{
		{"run, json", 3, []string{"run", "center.yaml", "--reps", "7", "--format", "json"}, ""},
		{"run, table with charts", 4, []string{"run", "center.yaml", "--reps", "5", "--seed", "9", "--charts", "charts"}, "charts"},
		{"run, more shards than replications", 5, []string{"run", "--reps", "3", "--format", "csv"}, ""},
		{"check that passes, with junit", 2, []string{"check", "center.yaml", "--baseline", "base.json", "--reps", "6", "--seed", "5", "--junit", "report.xml"}, "report.xml"},
		{"check that fails", 3, []string{"check", "center.yaml", "--baseline", "base.json", "--reps", "6", "--seed", "5", "--verbose"}, ""},
		{"sweep, factorial csv with charts", 4, []string{"sweep", "center.yaml", "--sweep", "what-if.yaml", "--reps", "2", "--format", "csv", "--charts", "charts"}, "charts"},
		{"sweep, one at a time", 9, []string{"sweep", "center.yaml", "--sweep", "oat.yaml", "--charts", "charts"}, "charts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Contains(tc.name, "fails") {
				// A baseline the run cannot meet: the check exits 1,
				// sharded or not.
				data, _ := os.ReadFile(filepath.Join(dir, "base.json"))
				tight := strings.Replace(string(data), `"default": {"statistical": true}`, `"default": {"absolute": 0.000001}`, 1)
				if tight == string(data) {
					t.Fatal("the baseline has no default tolerance to tighten")
				}
				os.WriteFile(filepath.Join(dir, "base.json"), []byte(tight), 0o644)
				defer os.WriteFile(filepath.Join(dir, "base.json"), data, 0o644)
			}
			one, sharded := filepath.Join(t.TempDir(), "one"), filepath.Join(t.TempDir(), "sharded")
			for _, d := range []string{one, sharded} {
				if err := os.CopyFS(d, os.DirFS(dir)); err != nil {
					t.Fatal(err)
				}
			}
			code1, out1, err1 := shell(t, one, env, bin, tc.args...)
			shardEnv := append(env, "N="+strconv.Itoa(tc.shards), "P=3")
			args := append([]string{"../../deploy/local/shard.sh"}, append(tc.args, "--workers", "1")...)
			args[0], _ = filepath.Abs(args[0])
			code2, out2, err2 := shell(t, sharded, shardEnv, "bash", args...)
			if code1 != code2 || out1 != out2 {
				t.Fatalf("unsharded: exit %d, %d bytes\n%s\nsharded and merged: exit %d, %d bytes\n%s", code1, len(out1), err1, code2, len(out2), err2)
			}
			if code1 != 0 && !strings.Contains(tc.name, "fails") {
				t.Fatalf("exit %d\n%s", code1, err1)
			}
			if strings.Contains(tc.name, "fails") && code1 != 1 {
				t.Fatalf("the check did not fail: exit %d\n%s", code1, err1)
			}
			if tc.files != "" {
				a, b := filepath.Join(one, tc.files), filepath.Join(sharded, tc.files)
				if info, err := os.Stat(a); err == nil && info.IsDir() {
					sameFolder(t, a, b)
				} else {
					x, _ := os.ReadFile(a)
					y, _ := os.ReadFile(b)
					if len(x) == 0 || !bytes.Equal(x, y) {
						t.Errorf("%s differs (%d and %d bytes)", tc.files, len(x), len(y))
					}
				}
			}
		})
	}
}

// TestParallelRecipe runs deploy/local/parallel.sh, the GNU parallel
// version of the local recipe, where parallel is installed.
func TestParallelRecipe(t *testing.T) {
	if _, err := exec.LookPath("parallel"); err != nil {
		t.Skip("GNU parallel is not installed")
	}
	bin, env := ccsimOnPath(t)
	dir := workDir(t, 2)
	args := []string{"sweep", "center.yaml", "--vary", "volume:phone=0.9,1.1", "--vary", "staff_delta:voice=-2..2/2", "--format", "json"}
	_, want, _ := shell(t, dir, env, bin, args...)
	script, _ := filepath.Abs("../../deploy/local/parallel.sh")
	code, got, stderr := shell(t, dir, append(env, "N=4", "P=2"), "bash", append([]string{script}, args...)...)
	if code != 0 || got != want {
		t.Fatalf("exit %d; output differs: %d bytes against %d\n%s", code, len(got), len(want), stderr)
	}
}

// TestKubernetesAndSlurmRecipes runs the commands of the Kubernetes
// Indexed Job and of the Slurm job array as their schedulers would,
// with the paths moved into a test folder: each pod's script with its
// JOB_COMPLETION_INDEX, each array task with its SLURM_ARRAY_TASK_ID,
// then the merge job's script; the merged CSV must be the unsharded
// sweep's. (deploy/check validates the manifests against the API types.)
func TestKubernetesAndSlurmRecipes(t *testing.T) {
	bin, env := ccsimOnPath(t)
	dir := workDir(t, 1)
	_, want, _ := shell(t, dir, env, bin, "sweep", "center.yaml", "--sweep", "what-if.yaml", "--format", "csv")

	t.Run("kubernetes", func(t *testing.T) {
		root := t.TempDir()
		for _, d := range []string{"inputs", "shards"} {
			os.Mkdir(filepath.Join(root, d), 0o755)
		}
		os.CopyFS(filepath.Join(root, "inputs"), os.DirFS(dir))
		moved := func(script string) string {
			return strings.NewReplacer("/inputs/", root+"/inputs/", "/shards/", root+"/shards/").Replace(script)
		}
		sweepScript, completions := jobScript(t, "sweep-job.yaml")
		for k := range completions {
			code, _, stderr := shell(t, root, append(env, "JOB_COMPLETION_INDEX="+strconv.Itoa(k)), "sh", "-c", moved(sweepScript))
			if code != 0 {
				t.Fatalf("pod %d: exit %d\n%s", k, code, stderr)
			}
		}
		mergeScript, _ := jobScript(t, "merge-job.yaml")
		if code, _, stderr := shell(t, root, env, "sh", "-c", moved(mergeScript)); code != 0 {
			t.Fatalf("merge: exit %d\n%s", code, stderr)
		}
		got, _ := os.ReadFile(filepath.Join(root, "shards", "what-if.csv"))
		if string(got) != want {
			t.Errorf("the merged CSV differs from the unsharded sweep's (%d bytes against %d)", len(got), len(want))
		}
	})

	t.Run("slurm", func(t *testing.T) {
		root := t.TempDir()
		os.CopyFS(root, os.DirFS(dir))
		os.Mkdir(filepath.Join(root, "bin"), 0o755)
		if err := os.Symlink(bin, filepath.Join(root, "bin", "ccsim")); err != nil {
			t.Fatal(err)
		}
		tasks := arraySize(t)
		slurm := append(env, "SLURM_SUBMIT_DIR="+root, "SLURM_CPUS_PER_TASK=1", "SLURM_ARRAY_TASK_COUNT="+strconv.Itoa(tasks))
		for k := 1; k <= tasks; k++ {
			code, _, stderr := shell(t, root, append(slurm, "SLURM_ARRAY_TASK_ID="+strconv.Itoa(k)), "bash", mustAbs(t, "../../deploy/slurm/sweep.sbatch"))
			if code != 0 {
				t.Fatalf("task %d: exit %d\n%s", k, code, stderr)
			}
		}
		if code, _, stderr := shell(t, root, slurm, "bash", mustAbs(t, "../../deploy/slurm/merge.sbatch")); code != 0 {
			t.Fatalf("merge: exit %d\n%s", code, stderr)
		}
		got, _ := os.ReadFile(filepath.Join(root, "what-if.csv"))
		if string(got) != want {
			t.Errorf("the merged CSV differs from the unsharded sweep's (%d bytes against %d)", len(got), len(want))
		}
	})
}

// jobScript reads the script a Job's container runs (sh -c SCRIPT) and
// its completions (1 when unset).
func jobScript(t *testing.T, file string) (script string, completions int) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../deploy/kubernetes", file))
	if err != nil {
		t.Fatal(err)
	}
	var job struct {
		Spec struct {
			Completions int `yaml:"completions"`
			Template    struct {
				Spec struct {
					Containers []struct {
						Args []string `yaml:"args"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	if err := yaml.Unmarshal(data, &job); err != nil {
		t.Fatal(err)
	}
	cs := job.Spec.Template.Spec.Containers
	if len(cs) != 1 || len(cs[0].Args) != 1 {
		t.Fatalf("%s: want one container running one script", file)
	}
	return cs[0].Args[0], max(1, job.Spec.Completions)
}

// arraySize reads N of #SBATCH --array=1-N.
func arraySize(t *testing.T) int {
	t.Helper()
	data, err := os.ReadFile("../../deploy/slurm/sweep.sbatch")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "#SBATCH --array=1-")
	if !ok {
		t.Fatal("sweep.sbatch has no --array=1-N")
	}
	n, err := strconv.Atoi(strings.Fields(rest)[0])
	if err != nil {
		t.Fatal(err)
	}
	return n
}
