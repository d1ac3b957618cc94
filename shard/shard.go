// Package shard is the file format of one part of a run spread over
// several machines, and the rules that split the work and put the parts
// back together.
//
// A command run with --shard K/N does the K-th of N equal parts of its
// work (replications of a run or a check, points of a sweep; Split says
// which) and writes a shard file: a short text header that says what was
// run (the ccsim version, the command and its arguments, K/N, the seed,
// the replications, the fingerprint of the model and the hash of every
// input, whose bytes the file also carries), then the part's values as
// float64 bits. Assemble checks that a set of shard files are the N parts
// of one run, each once, before their values are merged.
//
// The header reads with head(1):
//
//	ccsim-shard/1
//	version: 0.1.0-dev
//	command: "sweep"
//	arg: "center.yaml"
//	...
//
// The package knows nothing of what the values mean: the caller lays them
// out and reads them back.
package shard

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Magic is the first line of every shard file; the number after the
// slash changes with the layout.
const Magic = "ccsim-shard/1"

// MaxCount bounds the number of shards of one run.
const MaxCount = 100_000

// Limits on what a file may declare, so that a damaged or hostile file
// is refused before memory is given to it.
const (
	maxHeaderLines = 10_000
	maxLine        = 1 << 20
	maxInputBytes  = 64 << 20
	maxValues      = 1 << 31
)

// File is one shard: what was run, and the values of its part.
type File struct {
	Version string   // the ccsim version that wrote it
	Command string   // "run", "check", "sweep"
	Args    []string // the command's arguments, --shard and its output left out
	// Index and Count are K and N of --shard K/N: this is part Index of
	// Count, 1 <= Index <= Count.
	Index, Count int
	Seed         uint64
	Replications int
	// Model is the fingerprint of the model simulated (for a sweep, of
	// the base model), in hex.
	Model string
	// Inputs are the files the command read (the scenario, a sweep
	// file), carried whole so that a merge needs no copy of them.
	Inputs []Input
	// Unit names what the work was split into ("replications",
	// "points"); this part did units [From, To) of Total.
	Unit            string
	From, To, Total int
	// Width is the number of values per unit; Values holds (To-From) runs
	// of Width values.
	Width  int
	Values []float64
}

// Input is a file a command read, by the name it was given.
type Input struct {
	Name string
	Data []byte
}

// Hash is the input's SHA-256 in hex.
func (in Input) Hash() string {
	sum := sha256.Sum256(in.Data)
	return hex.EncodeToString(sum[:])
}

// Split returns the units [from, to) of part k of n over total units:
// consecutive runs whose sizes differ by at most one, the earlier parts
// the smaller. A part may be empty when there are more parts than units.
func Split(k, n, total int) (from, to int) {
	return (k - 1) * total / n, k * total / n
}

// ParseSpec reads "K/N", the value of --shard: part K of N, counted from
// 1.
func ParseSpec(s string) (k, n int, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want K/N, part K of N counted from 1 (2/4 is the second of four)", s)
	}
	n, err = strconv.Atoi(strings.TrimSpace(b))
	if err != nil || n < 1 || n > MaxCount {
		return 0, 0, fmt.Errorf("%q: the number of shards must be a whole number from 1 to %d", s, MaxCount)
	}
	k, err = strconv.Atoi(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, fmt.Errorf("%q: the shard index must be a whole number from 1 to %d", s, n)
	}
	if k < 1 || k > n {
		return 0, 0, fmt.Errorf("%q: shard index %d is out of range: shards are counted from 1 to %d", s, k, n)
	}
	return k, n, nil
}

// Encode writes the file: the header, a blank line, the inputs' bytes
// and the values as little-endian float64 bits. The header ends with the
// SHA-256 of what follows it, so that a truncated or damaged file is
// refused when read.
func (f *File) Encode() ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	var body bytes.Buffer
	for _, in := range f.Inputs {
		body.Write(in.Data)
	}
	var buf [8]byte
	for _, v := range f.Values {
		binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
		body.Write(buf[:])
	}
	sum := sha256.Sum256(body.Bytes())

	var h bytes.Buffer
	line := func(key, value string) { fmt.Fprintf(&h, "%s: %s\n", key, value) }
	h.WriteString(Magic + "\n")
	line("version", strconv.Quote(f.Version))
	line("command", strconv.Quote(f.Command))
	for _, a := range f.Args {
		line("arg", strconv.Quote(a))
	}
	line("shard", fmt.Sprintf("%d/%d", f.Index, f.Count))
	line("seed", strconv.FormatUint(f.Seed, 10))
	line("replications", strconv.Itoa(f.Replications))
	line("model", "sha256:"+f.Model)
	for _, in := range f.Inputs {
		line("input", fmt.Sprintf("%s %d sha256:%s", strconv.Quote(in.Name), len(in.Data), in.Hash()))
	}
	line("units", fmt.Sprintf("%s %d %d of %d", f.Unit, f.From, f.To, f.Total))
	line("width", strconv.Itoa(f.Width))
	line("values", strconv.Itoa(len(f.Values)))
	line("body", "sha256:"+hex.EncodeToString(sum[:]))
	h.WriteString("\n")
	h.Write(body.Bytes())
	return h.Bytes(), nil
}

// check says what makes f unfit to write or, once read, to use.
func (f *File) check() error {
	switch {
	case f.Count < 1 || f.Count > MaxCount || f.Index < 1 || f.Index > f.Count:
		return fmt.Errorf("shard %d/%d is not a part of a whole", f.Index, f.Count)
	case f.Unit == "" || strings.ContainsAny(f.Unit, " \n"):
		return fmt.Errorf("unit %q must be one word", f.Unit)
	case f.Width < 0 || f.Total < 0:
		return fmt.Errorf("width %d and total %d must not be negative", f.Width, f.Total)
	}
	if from, to := Split(f.Index, f.Count, f.Total); f.From != from || f.To != to {
		return fmt.Errorf("shard %d/%d of %d %s must hold %s [%d, %d), not [%d, %d)",
			f.Index, f.Count, f.Total, f.Unit, f.Unit, from, to, f.From, f.To)
	}
	if want := (f.To - f.From) * f.Width; len(f.Values) != want {
		return fmt.Errorf("%d values, want %d (%d %s of %d)", len(f.Values), want, f.To-f.From, f.Unit, f.Width)
	}
	return nil
}

// Decode reads a shard file. Anything that does not read as one (another
// kind of file, a truncated copy, a damaged byte) is an error that says
// what is wrong.
func Decode(r io.Reader) (*File, error) {
	br := bufio.NewReader(r)
	f := &File{}
	type declared struct {
		name string
		size int
		hash string
	}
	var inputs []declared
	nValues, body := -1, ""
	seen := map[string]bool{}
	for n := 0; ; n++ {
		if n > maxHeaderLines {
			return nil, errors.New("the header does not end")
		}
		text, err := readLine(br)
		if err != nil {
			if n == 0 {
				return nil, fmt.Errorf("not a ccsim shard file: %w", err)
			}
			return nil, fmt.Errorf("header line %d: %w", n+1, err)
		}
		if n == 0 {
			if text != Magic {
				if strings.HasPrefix(text, "ccsim-shard/") {
					return nil, fmt.Errorf("a shard file of format %s; this ccsim reads %s", text, Magic)
				}
				return nil, errors.New("not a ccsim shard file (it does not start with " + Magic + ")")
			}
			continue
		}
		if text == "" {
			break
		}
		key, value, ok := strings.Cut(text, ": ")
		if !ok {
			return nil, fmt.Errorf("header line %d: %q is not \"key: value\"", n+1, text)
		}
		if key != "arg" && key != "input" {
			if seen[key] {
				return nil, fmt.Errorf("header line %d: %s given twice", n+1, key)
			}
			seen[key] = true
		}
		bad := func(err error) error { return fmt.Errorf("header line %d: %s: %w", n+1, key, err) }
		switch key {
		case "version":
			f.Version, err = strconv.Unquote(value)
		case "command":
			f.Command, err = strconv.Unquote(value)
		case "arg":
			var a string
			a, err = strconv.Unquote(value)
			f.Args = append(f.Args, a)
		case "shard":
			f.Index, f.Count, err = ParseSpec(value)
		case "seed":
			f.Seed, err = strconv.ParseUint(value, 10, 64)
		case "replications":
			f.Replications, err = strconv.Atoi(value)
		case "model":
			f.Model, err = hexHash(value)
		case "input":
			var d declared
			d.name, d.size, d.hash, err = parseInput(value)
			inputs = append(inputs, d)
		case "units":
			_, err = fmt.Sscanf(value, "%s %d %d of %d", &f.Unit, &f.From, &f.To, &f.Total)
			if err == nil && fmt.Sprintf("%s %d %d of %d", f.Unit, f.From, f.To, f.Total) != value {
				err = fmt.Errorf("%q is not \"UNIT FROM TO of TOTAL\"", value)
			}
		case "width":
			f.Width, err = strconv.Atoi(value)
		case "values":
			nValues, err = strconv.Atoi(value)
			if err == nil && (nValues < 0 || nValues > maxValues) {
				err = fmt.Errorf("%d values is beyond the limit of %d", nValues, maxValues)
			}
		case "body":
			body, err = hexHash(value)
		default:
			err = errors.New("unknown key")
		}
		if err != nil {
			return nil, bad(err)
		}
	}
	for _, key := range []string{"version", "command", "shard", "seed", "replications", "model", "units", "width", "values", "body"} {
		if !seen[key] {
			return nil, fmt.Errorf("the header has no %s", key)
		}
	}
	total := int64(nValues) * 8
	for _, in := range inputs {
		total += int64(in.size)
	}
	data, err := io.ReadAll(io.LimitReader(br, total+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) != total {
		return nil, fmt.Errorf("the file holds %d bytes after its header, not the %d it declares: it is truncated or has bytes appended", len(data), total)
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != body {
		return nil, errors.New("its contents do not match the checksum in its header: the file is damaged")
	}
	for _, in := range inputs {
		b := data[:in.size]
		data = data[in.size:]
		input := Input{Name: in.name, Data: bytes.Clone(b)}
		if input.Hash() != in.hash {
			return nil, fmt.Errorf("input %q does not match its hash", in.name)
		}
		f.Inputs = append(f.Inputs, input)
	}
	f.Values = make([]float64, nValues)
	for i := range f.Values {
		f.Values[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	if err := f.check(); err != nil {
		return nil, err
	}
	return f, nil
}

// readLine reads one header line without its newline; a line longer
// than maxLine, or a file that ends within the header, is an error.
func readLine(br *bufio.Reader) (string, error) {
	var b []byte
	for {
		chunk, err := br.ReadSlice('\n')
		b = append(b, chunk...)
		if len(b) > maxLine {
			return "", errors.New("line too long")
		}
		switch {
		case err == nil:
			return string(b[:len(b)-1]), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return "", errors.New("the file ends within its header")
		default:
			return "", err
		}
	}
}

func hexHash(value string) (string, error) {
	h, ok := strings.CutPrefix(value, "sha256:")
	if b, err := hex.DecodeString(h); !ok || err != nil || len(b) != sha256.Size {
		return "", fmt.Errorf("%q is not sha256:<64 hex digits>", value)
	}
	return h, nil
}

// parseInput reads `"name" size sha256:hash`.
func parseInput(value string) (name string, size int, hash string, err error) {
	q, err := strconv.QuotedPrefix(value)
	if err != nil {
		return "", 0, "", fmt.Errorf("%q: the name must be quoted", value)
	}
	name, _ = strconv.Unquote(q)
	fields := strings.Fields(value[len(q):])
	if len(fields) != 2 {
		return "", 0, "", fmt.Errorf("%q: want a quoted name, a size and sha256:hash", value)
	}
	size, err = strconv.Atoi(fields[0])
	if err != nil || size < 0 || size > maxInputBytes {
		return "", 0, "", fmt.Errorf("%q: size must be from 0 to %d bytes", value, maxInputBytes)
	}
	hash, err = hexHash(fields[1])
	return name, size, hash, err
}
