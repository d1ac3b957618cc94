// Package chromium drives a headless Chromium for tests: it starts the
// browser, opens pages, evaluates scripts in them, hears their console
// errors and takes screenshots, over the DevTools protocol on a websocket
// (RFC 6455, the little of it a local browser needs: one connection,
// text frames, masking from the client).
//
// It is for tests of the HTML reports only: a browser the machine has
// (Debian's chromium package), no download, no network.
package chromium

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Find returns the path of a Chromium: CCSIM_CHROMIUM if set, else the
// first of chromium, chromium-browser, google-chrome on the PATH.
func Find() (string, error) {
	if p := os.Getenv("CCSIM_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium on the PATH (install Debian's chromium package, or set CCSIM_CHROMIUM)")
}

// Flags are those every run uses: headless, no sandbox (tests run as
// root in CI), no GPU, and nothing that reaches the network on its own.
var Flags = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	"--hide-scrollbars", "--mute-audio",
}

// Browser is a running headless Chromium.
type Browser struct {
	cmd     *exec.Cmd
	dataDir string
	port    string
	done    chan struct{}
}

var listening = regexp.MustCompile(`DevTools listening on ws://127\.0\.0\.1:(\d+)/`)

// Launch starts Chromium with a new, empty profile and a window of the
// given size, and waits until its DevTools endpoint answers.
func Launch(ctx context.Context, path string, width, height int) (*Browser, error) {
	dir, err := os.MkdirTemp("", "ccsim-chromium-")
	if err != nil {
		return nil, err
	}
	args := append(append([]string{}, Flags...), "--user-data-dir="+dir, "--remote-debugging-port=0",
		fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank")
	cmd := exec.Command(path, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("starting %s: %w", path, err)
	}
	b := &Browser{cmd: cmd, dataDir: dir, done: make(chan struct{})}
	found := make(chan string, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent {
				log.WriteString(line + "\n")
			}
			if m := listening.FindStringSubmatch(line); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		close(b.done)
	}()
	select {
	case b.port = <-found:
		return b, nil
	case <-b.done:
		b.Close()
		return nil, fmt.Errorf("%s exited before it listened:\n%s", path, log.String())
	case <-time.After(30 * time.Second):
		b.Close()
		return nil, errors.New("chromium did not open its DevTools port within 30 s")
	case <-ctx.Done():
		b.Close()
		return nil, ctx.Err()
	}
}

// Close ends the browser and removes its profile.
func (b *Browser) Close() {
	if b.cmd.Process != nil {
		b.cmd.Process.Kill()
		b.cmd.Wait()
	}
	os.RemoveAll(b.dataDir)
}

// Open opens a new tab and connects to it.
func (b *Browser) Open(ctx context.Context) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, "http://127.0.0.1:"+b.port+"/json/new?about:blank", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var target struct {
		ID  string `json:"id"`
		URL string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&target); err != nil {
		return nil, fmt.Errorf("new tab: %w", err)
	}
	conn, err := dial(ctx, target.URL)
	if err != nil {
		return nil, err
	}
	p := &Page{conn: conn, pending: map[int64]chan reply{}, loaded: make(chan struct{}, 1)}
	go p.read()
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := p.Call(ctx, domain, nil, nil); err != nil {
			p.Close()
			return nil, err
		}
	}
	return p, nil
}

// Page is one tab.
type Page struct {
	conn    *wsConn
	writeMu sync.Mutex
	mu      sync.Mutex
	next    int64
	pending map[int64]chan reply
	errs    []string // console errors and uncaught exceptions
	loaded  chan struct{}
	closed  error
}

type reply struct {
	Result json.RawMessage
	Err    error
}

// Call sends a DevTools command and decodes its result into out (when
// not nil).
func (p *Page) Call(ctx context.Context, method string, params, out any) error {
	p.mu.Lock()
	if p.closed != nil {
		p.mu.Unlock()
		return p.closed
	}
	p.next++
	id := p.next
	ch := make(chan reply, 1)
	p.pending[id] = ch
	p.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": orEmpty(params)})
	if err != nil {
		return err
	}
	p.writeMu.Lock()
	err = p.conn.writeText(msg)
	p.writeMu.Unlock()
	if err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Err != nil {
			return fmt.Errorf("%s: %w", method, r.Err)
		}
		if out != nil {
			return json.Unmarshal(r.Result, out)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func orEmpty(v any) any {
	if v == nil {
		return struct{}{}
	}
	return v
}

// read dispatches the browser's messages: replies to their callers,
// console errors and exceptions to the page's list.
func (p *Page) read() {
	for {
		data, err := p.conn.readMessage()
		if err != nil {
			p.mu.Lock()
			p.closed = fmt.Errorf("chromium connection closed: %w", err)
			for id, ch := range p.pending {
				ch <- reply{Err: p.closed}
				delete(p.pending, id)
			}
			p.mu.Unlock()
			return
		}
		var m struct {
			ID     int64           `json:"id"`
			Method string          `json:"method"`
			Params json.RawMessage `json:"params"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		if m.ID != 0 {
			p.mu.Lock()
			ch := p.pending[m.ID]
			delete(p.pending, m.ID)
			p.mu.Unlock()
			if ch != nil {
				r := reply{Result: m.Result}
				if m.Error != nil {
					r.Err = errors.New(m.Error.Message)
				}
				ch <- r
			}
			continue
		}
		p.event(m.Method, m.Params)
	}
}

func (p *Page) event(method string, params json.RawMessage) {
	var text string
	switch method {
	case "Page.loadEventFired":
		select {
		case p.loaded <- struct{}{}:
		default:
		}
		return
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(params, &e) != nil || (e.Type != "error" && e.Type != "assert") {
			return
		}
		var parts []string
		for _, a := range e.Args {
			parts = append(parts, fmt.Sprint(a.Value)+a.Description)
		}
		text = "console." + e.Type + ": " + strings.Join(parts, " ")
	case "Runtime.exceptionThrown":
		var e struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		json.Unmarshal(params, &e)
		text = "exception: " + e.Details.Text + " " + e.Details.Exception.Description
	case "Log.entryAdded":
		var e struct {
			Entry struct {
				Level, Text, URL string
			} `json:"entry"`
		}
		if json.Unmarshal(params, &e) != nil || e.Entry.Level != "error" {
			return
		}
		text = "log: " + e.Entry.Text + " " + e.Entry.URL
	default:
		return
	}
	p.mu.Lock()
	p.errs = append(p.errs, text)
	p.mu.Unlock()
}

// Errors returns the console errors, uncaught exceptions and error log
// entries (a resource that failed to load) heard so far.
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errs...)
}

// Navigate opens url and waits for its load event.
func (p *Page) Navigate(ctx context.Context, url string) error {
	select {
	case <-p.loaded:
	default:
	}
	var res struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &res); err != nil {
		return err
	}
	if res.ErrorText != "" {
		return fmt.Errorf("navigating to %s: %s", url, res.ErrorText)
	}
	select {
	case <-p.loaded:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Eval evaluates a JavaScript expression in the page, awaiting a promise,
// and decodes its value (JSON-serialisable) into out.
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &res)
	if err != nil {
		return err
	}
	if res.Exception != nil {
		return fmt.Errorf("script failed: %s %s", res.Exception.Text, res.Exception.Exception.Description)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(res.Result.Value, out)
}

// Screenshot captures the page as a PNG: the whole page when full, else
// the viewport.
func (p *Page) Screenshot(ctx context.Context, full bool) ([]byte, error) {
	params := map[string]any{"format": "png", "captureBeyondViewport": full}
	if full {
		var m struct {
			Content struct {
				Width  float64 `json:"width"`
				Height float64 `json:"height"`
			} `json:"cssContentSize"`
		}
		if err := p.Call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
			return nil, err
		}
		params["clip"] = map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": m.Content.Height, "scale": 1}
	}
	var res struct {
		Data string `json:"data"`
	}
	if err := p.Call(ctx, "Page.captureScreenshot", params, &res); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(res.Data)
}

// Close closes the tab's connection.
func (p *Page) Close() error { return p.conn.Close() }

var _ io.Closer = (*Page)(nil)
