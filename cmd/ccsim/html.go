package main

import (
	"bytes"
	"context"
	"strings"

	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
)

// The HTML report of a command (--html FILE, or --format html on standard
// output) is one self-contained page: see output's WriteHTML methods and
// docs/reports.md. Each command that has one adds the flag, checks the
// path before any work, draws its charts when a page is asked for, and
// writes the page through writeHTML.

// addHTMLFlag adds --html to f; what names the document in the help.
func addHTMLFlag(f *pflag.FlagSet, target *string, what string) {
	f.StringVar(target, "html", "", "also write "+what+" as a self-contained HTML page to this file (see docs/reports.md)")
}

// wantsHTML reports whether the command must build a page: for --html,
// or for --format html.
func wantsHTML(path string, format *formatFlag) bool {
	return path != "" || format != nil && format.value == output.HTML
}

// pageReport is what every page says of where it came from: the charts
// given, ccsim's version and the command line, to make it again.
func pageReport(s *streams, figures []output.Figure) output.Report {
	return output.Report{Figures: figures, Version: version, Command: commandLine(s.args)}
}

// commandLine writes the arguments as a shell would read them back.
func commandLine(args []string) string {
	parts := []string{"ccsim"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// renderHTML renders a document's page in full, before anything is
// written.
func renderHTML(doc output.Document) ([]byte, error) {
	var b bytes.Buffer
	if err := output.Write(&b, doc, output.HTML); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeHTML writes a rendered page to path atomically (its folder was
// made by prepareFile before the work); nothing when path is empty, as
// --html is when not given.
func writeHTML(ctx context.Context, path string, page []byte) error {
	if path == "" {
		return nil
	}
	if err := atomicfile.Write(ctx, path, page); err != nil {
		return writeFailed(path, err)
	}
	return nil
}
