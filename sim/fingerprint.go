package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"math"
	"reflect"
)

// Fingerprint is a hash of everything in the model: two models with the
// same fingerprint simulate the same figures from the same seed. Runs
// spread over several machines compare fingerprints before their parts
// are merged, so that a part simulated from another scenario, another
// data file or another seed is refused rather than averaged in.
func (m *Model) Fingerprint() [sha256.Size]byte {
	h := sha256.New()
	fingerprint(h, reflect.ValueOf(m).Elem())
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// fingerprint writes v to h field by field, with lengths and nil marks so
// that no two different values write the same bytes.
func fingerprint(h hash.Hash, v reflect.Value) {
	var buf [8]byte
	word := func(u uint64) {
		binary.LittleEndian.PutUint64(buf[:], u)
		h.Write(buf[:])
	}
	switch v.Kind() {
	case reflect.Bool:
		if v.Bool() {
			word(1)
		} else {
			word(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		word(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		word(v.Uint())
	case reflect.Float32, reflect.Float64:
		word(math.Float64bits(v.Float()))
	case reflect.String:
		word(uint64(v.Len()))
		h.Write([]byte(v.String()))
	case reflect.Slice:
		if v.IsNil() {
			word(math.MaxUint64)
			return
		}
		fallthrough
	case reflect.Array:
		word(uint64(v.Len()))
		for i := range v.Len() {
			fingerprint(h, v.Index(i))
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			word(math.MaxUint64)
			return
		}
		word(0)
		fingerprint(h, v.Elem())
	case reflect.Struct:
		for i := range v.NumField() {
			fingerprint(h, v.Field(i))
		}
	default:
		// A kind the model does not use (map, func, chan): its type at
		// least. A test keeps such kinds out of the model.
		h.Write([]byte(v.Type().String()))
	}
}
