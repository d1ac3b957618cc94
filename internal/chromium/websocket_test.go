package chromium

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"strings"
	"testing"
)

// serverFrame writes one unmasked frame, as a server sends them.
func serverFrame(fin bool, op byte, p []byte) []byte {
	b := op
	if fin {
		b |= 0x80
	}
	h := []byte{b}
	switch n := len(p); {
	case n < 126:
		h = append(h, byte(n))
	case n < 1<<16:
		h = append(h, 126, byte(n>>8), byte(n))
	default:
		h = append(h, 127)
		h = binary.BigEndian.AppendUint64(h, uint64(n))
	}
	return append(h, p...)
}

// TestWebsocketFrames checks the client against frames built here by
// hand: a message in three fragments with a ping between them (answered
// by a pong carrying the ping's data), messages whose lengths take the
// 16-bit and the 64-bit forms, and a client frame the server unmasks to
// the text sent.
func TestWebsocketFrames(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	defer server.Close()
	c := &wsConn{conn: client, r: bufio.NewReader(client)}

	mid := bytes.Repeat([]byte("m"), 300)     // 16-bit length
	large := bytes.Repeat([]byte("L"), 70000) // 64-bit length
	var stream []byte
	stream = append(stream, serverFrame(false, opText, []byte(`{"id":`))...)
	stream = append(stream, serverFrame(true, opPing, []byte("hi"))...)
	stream = append(stream, serverFrame(false, opContinuation, mid)...)
	stream = append(stream, serverFrame(true, opContinuation, []byte(`1}`))...)
	stream = append(stream, serverFrame(true, opText, large)...)
	stream = append(stream, serverFrame(true, opClose, nil)...)

	pong := make(chan []byte, 1)
	go func() {
		// The server writes its frames and reads the client's pong.
		go server.Write(stream)
		var h [2]byte
		io.ReadFull(server, h[:])
		var mask [4]byte
		io.ReadFull(server, mask[:])
		p := make([]byte, h[1]&0x7F)
		io.ReadFull(server, p)
		for i := range p {
			p[i] ^= mask[i%4]
		}
		if h[0] != 0x80|opPong || h[1]&0x80 == 0 {
			p = []byte("bad pong header")
		}
		pong <- p
	}()

	got, err := c.readMessage()
	if want := `{"id":` + string(mid) + `1}`; err != nil || string(got) != want {
		t.Fatalf("fragmented message: %v, %d bytes, want %d", err, len(got), len(want))
	}
	if p := <-pong; string(p) != "hi" {
		t.Errorf("pong carried %q, want the ping's \"hi\"", p)
	}
	if got, err := c.readMessage(); err != nil || !bytes.Equal(got, large) {
		t.Fatalf("64-bit length message: %v, %d bytes", err, len(got))
	}
	if _, err := c.readMessage(); err != io.EOF {
		t.Errorf("after a close frame: %v, want io.EOF", err)
	}

	// A client frame: masked, and unmasked by the server to the text.
	done := make(chan []byte, 1)
	go func() {
		r := bufio.NewReader(server)
		s := &wsConn{conn: server, r: r}
		_, _, p, err := s.readFrame()
		if err != nil {
			p = []byte(err.Error())
		}
		done <- p
	}()
	msg := strings.Repeat("x", 200)
	if err := c.writeText([]byte(msg)); err != nil {
		t.Fatal(err)
	}
	if p := <-done; string(p) != msg {
		t.Errorf("the server read %q", p)
	}
}

// FuzzReadMessage feeds arbitrary bytes to the frame reader: it must
// return a message or an error, never panic or allocate past its bound.
func FuzzReadMessage(f *testing.F) {
	f.Add(serverFrame(true, opText, []byte("{}")))
	f.Add(append(serverFrame(false, opText, []byte("a")), serverFrame(true, opContinuation, []byte("b"))...))
	f.Add([]byte{0x81, 127, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Add([]byte{0x8F, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &wsConn{conn: discardConn{}, r: bufio.NewReader(bytes.NewReader(data))}
		for range 10 {
			if _, err := c.readMessage(); err != nil {
				return
			}
		}
	})
}

// discardConn is a net.Conn that takes every write (pongs) and has
// nothing to read.
type discardConn struct{ net.Conn }

func (discardConn) Write(p []byte) (int, error) { return len(p), nil }
