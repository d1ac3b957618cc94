package sim

import (
	"reflect"
	"testing"
)

// TestFingerprint checks that a model and its clone share a fingerprint,
// and that a change anywhere (the seed, one interval's staff, a pointer
// field set or cleared, a distribution's parameter) changes it.
func TestFingerprint(t *testing.T) {
	m := richModel()
	base := m.Fingerprint()
	if m.Clone().Fingerprint() != base {
		t.Fatal("a clone has another fingerprint")
	}
	changes := map[string]func(m *Model){
		"seed":              func(m *Model) { m.Seed++ },
		"replications":      func(m *Model) { m.Replications++ },
		"one staff value":   func(m *Model) { m.Groups[0].Staff[3]++ },
		"a handle time":     func(m *Model) { m.Channels[0].Handle.Mean *= 1.0000001 },
		"patience cleared":  func(m *Model) { m.Channels[0].Patience = nil },
		"a name":            func(m *Model) { m.Channels[0].Name += "x" },
		"a flow's share":    func(m *Model) { m.Flows = append(m.Flows, Flow{Share: 0.1}) },
		"an empty slice":    func(m *Model) { m.Groups[0].Outages = []Window{} },
		"a shrinkage":       func(m *Model) { m.Groups[0].Shrinkage += 0.01 },
		"a class threshold": func(m *Model) { m.Channels[0].Target.Threshold++ },
	}
	for name, change := range changes {
		c := m.Clone()
		change(c)
		if c.Fingerprint() == base {
			t.Errorf("changing %s kept the fingerprint", name)
		}
	}
}

// TestFingerprintKinds keeps kinds the fingerprint cannot walk (maps,
// functions, channels) out of the model, so that it covers every field.
func TestFingerprintKinds(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string)
	walk = func(ty reflect.Type, path string) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		switch ty.Kind() {
		case reflect.Map, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Interface:
			t.Errorf("%s is a %s: the fingerprint does not walk it", path, ty.Kind())
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem(), path+"[]")
		case reflect.Struct:
			for i := range ty.NumField() {
				f := ty.Field(i)
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeFor[Model](), "Model")
}
