package room

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"io"
	"log"
	"net/http"
	"strings"
	"time"
)

// The web room's endpoints, all under the token: the page, its event
// stream and one flow's detail. Without the token every path is 404;
// with it, anything but GET is 405: nothing here writes.

// writeTimeout bounds one write to a viewer: one that does not read is
// let go, and its goroutine with it.
const writeTimeout = 5 * time.Second

// keepAlive is how often an idle stream says it is alive, so a viewer
// that went away without a word is found.
const keepAlive = 20 * time.Second

func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

func (h *Host) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "no-referrer")
		hdr.Set("X-Frame-Options", "DENY")
		hdr.Set("Cache-Control", "no-store")
		rest, ok := h.underToken(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet {
			hdr.Set("Allow", http.MethodGet)
			http.Error(w, "the room view is read-only", http.StatusMethodNotAllowed)
			return
		}
		switch rest {
		case "":
			http.Redirect(w, r, "/"+h.token+"/", http.StatusMovedPermanently)
		case "/":
			h.page(w)
		case "/events":
			h.events(w, r)
		case "/flow":
			h.flow(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

// underToken is the path after the token, and whether the path starts
// with it; the token is compared in constant time.
func (h *Host) underToken(path string) (string, bool) {
	path = strings.TrimPrefix(path, "/")
	seg, rest, _ := strings.Cut(path, "/")
	if subtle.ConstantTimeCompare([]byte(seg), []byte(h.token)) != 1 {
		return "", false
	}
	if rest == "" && !strings.HasSuffix(path, "/") {
		return "", true
	}
	return "/" + rest, true
}

func nonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawStdEncoding.EncodeToString(b[:])
}

// page is the room view: the parts as they are now, and the script that
// keeps them current.
func (h *Host) page(w http.ResponseWriter) {
	n := nonce()
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'nonce-"+n+"'; style-src 'nonce-"+n+"'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, pageData{Nonce: n, Parts: h.views.current().parts}); err != nil {
		http.Error(w, "the room view could not be drawn", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(b.Bytes())
}

// flow is one flow's detail, for a viewer who opened it.
func (h *Host) flow(w http.ResponseWriter, r *http.Request) {
	html, ok := h.views.current().flowHTML(r.URL.Query().Get("id"))
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, html)
}

// events streams the view's changes to one viewer until it goes, is
// dropped, or the session ends.
func (h *Host) events(w http.ResponseWriter, r *http.Request) {
	v, err := h.hub.join()
	switch {
	case errors.Is(err, errRoomFull):
		http.Error(w, "the room is full", http.StatusServiceUnavailable)
		return
	case err != nil:
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write(encodeEvent("ended", map[string]string{"message": "The session has ended."}))
		return
	}
	defer h.hub.leave(v)
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	send := func(b []byte) bool {
		_ = rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	if !send([]byte("retry: 1000\n\n")) {
		return
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case e := <-v.out:
			if !send(e.data) || e.last {
				return
			}
		case <-v.gone:
			return
		case <-r.Context().Done():
			return
		case <-tick.C:
			if !send([]byte(": alive\n\n")) {
				return
			}
		}
	}
}
