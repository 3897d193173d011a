package store

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// TestValueSums holds one stored value to every way it can be found: the
// sum must pass it only as it was written, under the path it was written to.
func TestValueSums(t *testing.T) {
	session, flow := []byte("01JSESSION"), []byte("flow-orders")
	payload := []byte(`{"id":"flow-orders","name":"Race 17 orders","source":{"notes":"ERP wins"}}`)
	stored := sealJSON(session, bucketFlows, flow, slices.Clip(payload))
	edit := func(fn func(b []byte) []byte) []byte { return fn(bytes.Clone(stored)) }
	at := bytes.Index(stored, []byte("Race"))

	cases := []struct {
		name     string
		stored   []byte
		session  []byte
		unsummed bool
		ok       bool
	}{
		{"intact", stored, session, false, true},
		{"a byte changed in the JSON", edit(func(b []byte) []byte { b[at+2] = 'b'; return b }), session, false, false},
		{"one bit flipped in the JSON", edit(func(b []byte) []byte { b[at+2] ^= 0x01; return b }), session, false, false},
		{"one bit flipped in the sum", edit(func(b []byte) []byte { b[len(b)-3] ^= 0x10; return b }), session, false, false},
		{"the trailer's version garbled", edit(func(b []byte) []byte { b[len(b)-1] ^= 0x02; return b }), session, false, false},
		{"cut short", stored[:len(stored)-7], session, false, false},
		{"cut in half", stored[:len(stored)/2], session, false, false},
		{"cut to less than a trailer", stored[:3], session, false, false},
		{"empty", []byte{}, session, false, false},
		{"read under another session", stored, []byte("01JOTHER"), false, false},
		{"an old unsummed value in a summed file", payload, session, false, false},
		{"an old unsummed value in an unsummed file", payload, session, true, true},
		{"an old value that is not JSON", payload[:len(payload)-3], session, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := unseal(c.session, bucketFlows, flow, c.stored, c.unsummed)
			switch {
			case c.ok && err != nil:
				t.Fatalf("refused: %v", err)
			case c.ok && !bytes.Equal(got, payload):
				t.Fatalf("read %q, want %q", got, payload)
			case !c.ok && !errors.Is(err, errSum):
				t.Fatalf("read %q (err %v), want it taken for damage", got, err)
			}
		})
	}
	// A sound value under another flow's key is damage too: a garbled key
	// must not pass its value off as another flow's.
	if _, err := unseal(session, bucketFlows, []byte("flow-ordets"), stored, false); !errors.Is(err, errSum) {
		t.Errorf("a value read under another flow's key passed: %v", err)
	}
	if _, err := unseal(session, keySystems, nil, sealJSON(session, keyQuestions, nil, []byte("[]")), false); !errors.Is(err, errSum) {
		t.Errorf("the questions read as the systems passed: %v", err)
	}
}

// TestSealLeavesItsInputAlone: sealing JSON the file holds (the upgrade
// seals each stored value as it is) must copy it, never write past it.
func TestSealLeavesItsInputAlone(t *testing.T) {
	backing := []byte(`{"id":"a"}XXXXXXXX`)
	payload := backing[:10:10]
	sealed := sealJSON([]byte("s"), keySession, nil, payload)
	if string(backing[10:]) != "XXXXXXXX" {
		t.Fatalf("sealing wrote past its input: %q", backing)
	}
	if got, err := unseal([]byte("s"), keySession, nil, sealed, false); err != nil || string(got) != `{"id":"a"}` {
		t.Fatalf("unsealed %q, %v", got, err)
	}
	// What unseal returns is capped, so an append to it cannot reach the sum.
	got, _ := unseal([]byte("s"), keySession, nil, sealed, false)
	_ = append(got, '!')
	if _, err := unseal([]byte("s"), keySession, nil, sealed, false); err != nil {
		t.Fatalf("an append to the unsealed JSON damaged the value: %v", err)
	}
}
