//go:build ignore

// extract_ttc copies one face out of a TrueType Collection (.ttc) into a
// standalone .ttf, unchanged apart from the table offsets and checksums. It
// is how wqy-microhei.ttf in this directory was made:
//
//	apt-get download fonts-wqy-microhei && dpkg -x fonts-wqy-microhei_*.deb x
//	go run extract_ttc.go x/usr/share/fonts/truetype/wqy/wqy-microhei.ttc 0 wqy-microhei.ttf
package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"sort"
	"strconv"
)

type record struct {
	tag            string
	offset, length uint32
}

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: go run extract_ttc.go IN.ttc FACE OUT.ttf")
		os.Exit(2)
	}
	in, err := os.ReadFile(os.Args[1])
	check(err)
	face, err := strconv.Atoi(os.Args[2])
	check(err)
	out, err := extract(in, face)
	check(err)
	check(os.WriteFile(os.Args[3], out, 0o644))
}

func extract(in []byte, face int) ([]byte, error) {
	be := binary.BigEndian
	if len(in) < 12 || string(in[:4]) != "ttcf" {
		return nil, fmt.Errorf("not a TrueType collection")
	}
	n := int(be.Uint32(in[8:]))
	if face < 0 || face >= n {
		return nil, fmt.Errorf("face %d out of range (%d faces)", face, n)
	}
	base := int(be.Uint32(in[12+4*face:]))
	sfntVersion := be.Uint32(in[base:])
	numTables := int(be.Uint16(in[base+4:]))
	recs := make([]record, numTables)
	for i := range recs {
		p := base + 12 + 16*i
		recs[i] = record{tag: string(in[p : p+4]), offset: be.Uint32(in[p+8:]), length: be.Uint32(in[p+12:])}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].tag < recs[j].tag })

	header := 12 + 16*numTables
	out := make([]byte, header)
	be.PutUint32(out[0:], sfntVersion)
	be.PutUint16(out[4:], uint16(numTables))
	es := 0
	for (1 << (es + 1)) <= numTables {
		es++
	}
	be.PutUint16(out[6:], uint16(16<<es))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(numTables*16-(16<<es)))
	headAt := -1
	for i, r := range recs {
		data := append([]byte(nil), in[r.offset:r.offset+r.length]...)
		if r.tag == "head" {
			be.PutUint32(data[8:], 0) // checkSumAdjustment, fixed below
			headAt = len(out)
		}
		p := 12 + 16*i
		copy(out[p:], r.tag)
		be.PutUint32(out[p+4:], checksum(data))
		be.PutUint32(out[p+8:], uint32(len(out)))
		be.PutUint32(out[p+12:], r.length)
		out = append(out, data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	if headAt < 0 {
		return nil, fmt.Errorf("no head table")
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
