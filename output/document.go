package output

import (
	"bytes"
	"fmt"
	"io"
)

// Format is a way to write a document.
type Format string

// Formats of documents.
const (
	Table Format = "table" // for people; may change between versions
	JSON  Format = "json"  // for scripts; field names are kept (docs/output.md)
	CSV   Format = "csv"   // for spreadsheets, in long form
)

// Document is what a command prints. Every document can be written as a
// table; those that also implement WriteJSON or WriteCSV can be written
// in those formats.
type Document interface {
	WriteTable(w io.Writer) error
}

type jsonDocument interface{ WriteJSON(w io.Writer) error }
type csvDocument interface{ WriteCSV(w io.Writer) error }

// Formats lists the formats a document of d's type can be written in,
// table first. It reads the type only, so a zero document will do.
func Formats(d Document) []Format {
	out := []Format{Table}
	if _, ok := d.(jsonDocument); ok {
		out = append(out, JSON)
	}
	if _, ok := d.(csvDocument); ok {
		out = append(out, CSV)
	}
	if _, ok := d.(htmlDocument); ok {
		out = append(out, HTML)
	}
	return out
}

// Write renders d in format f in full, then writes it to w: a failure
// never leaves half a document.
func Write(w io.Writer, d Document, f Format) error {
	var b bytes.Buffer
	var err error
	switch f {
	case Table:
		err = d.WriteTable(&b)
	case JSON:
		err = writeForm(d, &b, "JSON", jsonDocument.WriteJSON)
	case CSV:
		err = writeForm(d, &b, "CSV", csvDocument.WriteCSV)
	case HTML:
		err = writeForm(d, &b, "HTML", htmlDocument.WriteHTML)
	default:
		return fmt.Errorf("output: unknown format %q", f)
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// writeForm writes d in the form F to w by write, or says that d has no
// such form (named form).
func writeForm[F any](d Document, w io.Writer, form string, write func(F, io.Writer) error) error {
	f, ok := d.(F)
	if !ok {
		return fmt.Errorf("output: a %T has no %s form", d, form)
	}
	return write(f, w)
}
