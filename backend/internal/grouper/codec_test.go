package grouper

import (
	"bytes"
	"errors"
	"testing"
)

func TestPackRoundTripsThroughBytes(t *testing.T) {
	p := shipped(t)
	data, err := p.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	q, err := UnmarshalPack(data)
	if err != nil {
		t.Fatal(err)
	}
	again, err := q.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Fatal("marshal(unmarshal(b)) != b: the encoding is not deterministic")
	}
	if q.Info() != p.Info() {
		t.Fatalf("info %+v, want %+v", q.Info(), p.Info())
	}
	t.Logf("pack: %d bytes", len(data))
}

func TestDamagedPackIsRejected(t *testing.T) {
	p, _, err := Compile(miniPlan(), CompileOptions{})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := p.MarshalBinary()
	flipped := bytes.Clone(data)
	flipped[len(flipped)/2] ^= 0x40
	version := bytes.Clone(data)
	version[9] = 9
	for name, b := range map[string][]byte{
		"empty":      nil,
		"not a pack": []byte("hello, world, this is not a pack"),
		"truncated":  data[:len(data)-7],
		"flipped":    flipped,
		"version":    version,
	} {
		if _, err := UnmarshalPack(b); !errors.Is(err, ErrBadPack) {
			t.Errorf("%s: err %v, want ErrBadPack", name, err)
		}
	}
}
