package check

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// manifest is one document of a manifest file: its kind and the typed
// object it decoded into.
type manifest struct {
	file string
	kind string
	job  *batchv1.Job
	pvc  *corev1.PersistentVolumeClaim
}

// readManifests decodes every document of every YAML file in
// ../kubernetes strictly: a field the API type does not have, or a value
// of the wrong type, is an error.
func readManifests(t *testing.T) []manifest {
	t.Helper()
	files, err := filepath.Glob("../kubernetes/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests found: %v", err)
	}
	var out []manifest
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			var head struct {
				APIVersion string `json:"apiVersion"`
				Kind       string `json:"kind"`
			}
			if err := yaml.Unmarshal(doc, &head); err != nil {
				t.Fatalf("%s document %d: %v", f, i+1, err)
			}
			m := manifest{file: filepath.Base(f), kind: head.Kind}
			var target any
			switch head.APIVersion + " " + head.Kind {
			case "batch/v1 Job":
				m.job = &batchv1.Job{}
				target = m.job
			case "v1 PersistentVolumeClaim":
				m.pvc = &corev1.PersistentVolumeClaim{}
				target = m.pvc
			default:
				t.Fatalf("%s document %d: %s %s: add its type to this test", f, i+1, head.APIVersion, head.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, target); err != nil {
				t.Errorf("%s document %d (%s): %v", f, i+1, head.Kind, err)
				continue
			}
			out = append(out, m)
		}
	}
	return out
}

var shardArg = regexp.MustCompile(`--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/([0-9]+)"`)

func TestKubernetes(t *testing.T) {
	ms := readManifests(t)
	claims := map[string]bool{}
	for _, m := range ms {
		if m.pvc != nil {
			claims[m.pvc.Name] = true
			if !slices.Contains(m.pvc.Spec.AccessModes, corev1.ReadWriteMany) {
				t.Errorf("%s: claim %s must be ReadWriteMany: every pod of the Job writes to it at once", m.file, m.pvc.Name)
			}
		}
	}
	indexed := 0
	for _, m := range ms {
		j := m.job
		if j == nil {
			continue
		}
		spec := &j.Spec.Template.Spec
		if p := spec.RestartPolicy; p != corev1.RestartPolicyNever && p != corev1.RestartPolicyOnFailure {
			t.Errorf("%s: a Job's pods restart Never or OnFailure, not %q", m.file, p)
		}
		volumes := map[string]corev1.Volume{}
		for _, v := range spec.Volumes {
			volumes[v.Name] = v
			if c := v.PersistentVolumeClaim; c != nil && !claims[c.ClaimName] {
				t.Errorf("%s: volume %s claims %s, which no manifest here defines", m.file, v.Name, c.ClaimName)
			}
		}
		if len(spec.Containers) != 1 {
			t.Fatalf("%s: %d containers, want 1", m.file, len(spec.Containers))
		}
		c := spec.Containers[0]
		if c.Image == "" || c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: the container needs an image, a CPU request and a memory limit", m.file)
		}
		for _, vm := range c.VolumeMounts {
			if _, ok := volumes[vm.Name]; !ok {
				t.Errorf("%s: mount %s has no volume", m.file, vm.Name)
			}
		}
		if !slices.Equal(c.Command, []string{"sh", "-c"}) || len(c.Args) != 1 {
			t.Fatalf("%s: the container runs one script with sh -c", m.file)
		}
		script := c.Args[0]
		if out, err := exec.Command("sh", "-n", "-c", script).CombinedOutput(); err != nil {
			t.Errorf("%s: the script does not parse: %v\n%s", m.file, err, out)
		}
		if j.Spec.CompletionMode == nil || *j.Spec.CompletionMode != batchv1.IndexedCompletion {
			if strings.Contains(script, "--shard ") {
				t.Errorf("%s: a Job that runs shards must be Indexed", m.file)
			}
			continue
		}
		indexed++
		sh := shardArg.FindStringSubmatch(script)
		if sh == nil || !strings.Contains(script, `--shard-out "/shards/$((JOB_COMPLETION_INDEX + 1)).shard"`) {
			t.Fatalf("%s: the script must run --shard \"$((JOB_COMPLETION_INDEX + 1))/N\" into /shards/K.shard", m.file)
		}
		n, _ := strconv.Atoi(sh[1])
		if j.Spec.Completions == nil || int(*j.Spec.Completions) != n {
			t.Errorf("%s: --shard .../%d but completions %s: they must agree", m.file, n, count(j.Spec.Completions))
		}
		if p := j.Spec.Parallelism; p == nil || *p < 1 || int(*p) > n {
			t.Errorf("%s: parallelism %s must be from 1 to the %d shards", m.file, count(p), n)
		}
	}
	if indexed == 0 {
		t.Error("no Indexed Job among the manifests")
	}
}

func count(p *int32) string {
	if p == nil {
		return "unset"
	}
	return strconv.Itoa(int(*p))
}

// sbatchOptions are the #SBATCH options the scripts may use; a typo
// (--cpus-per-tasks) is an error rather than a directive Slurm ignores.
var sbatchOptions = []string{"job-name", "array", "cpus-per-task", "mem", "time", "output", "error",
	"partition", "account", "ntasks", "nodes", "dependency", "mail-type", "mail-user"}

var arrayRange = regexp.MustCompile(`^1-([0-9]+)(%[0-9]+)?$`)

func TestSlurm(t *testing.T) {
	files, _ := filepath.Glob("../slurm/*")
	if len(files) == 0 {
		t.Fatal("no Slurm scripts found")
	}
	arrays := 0
	for _, f := range files {
		if out, err := exec.Command("bash", "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", f, err, out)
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		inHeader := true
		for line := 1; sc.Scan(); line++ {
			text := sc.Text()
			if line > 1 && !strings.HasPrefix(text, "#") {
				inHeader = false
			}
			directive, ok := strings.CutPrefix(text, "#SBATCH ")
			if !ok {
				if strings.HasPrefix(strings.TrimSpace(text), "#SBATCH") {
					t.Errorf("%s:%d: %q is not read as a directive", f, line, text)
				}
				continue
			}
			if !inHeader {
				t.Errorf("%s:%d: sbatch reads no directive after the first command", f, line)
			}
			key, value, ok := strings.Cut(strings.TrimPrefix(directive, "--"), "=")
			if !ok || !strings.HasPrefix(directive, "--") || !slices.Contains(sbatchOptions, key) || value == "" {
				t.Errorf("%s:%d: %q: want --option=value with a known option", f, line, directive)
				continue
			}
			if key == "array" {
				arrays++
				if !arrayRange.MatchString(value) {
					t.Errorf("%s:%d: --array=%s: shards count from 1, so the array is 1-N", f, line, value)
				}
				if !bytes.Contains(data, []byte(`--shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT"`)) {
					t.Errorf("%s: an array task runs --shard \"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"", f)
				}
			}
		}
	}
	if arrays == 0 {
		t.Error("no job array among the Slurm scripts")
	}
}

func TestLocalScripts(t *testing.T) {
	files, _ := filepath.Glob("../local/*.sh")
	if len(files) == 0 {
		t.Fatal("no local scripts found")
	}
	for _, f := range append(files, "../kubernetes/run.sh") {
		if out, err := exec.Command("bash", "-n", f).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse: %v\n%s", f, err, out)
		}
	}
}
