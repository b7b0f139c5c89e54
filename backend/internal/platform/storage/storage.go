// Package storage keeps files (evidence) by the SHA-256 of their bytes
// behind a small interface: a local directory by default, S3-compatible
// object storage for clusters later. A file is identified by content, so
// the same document uploaded twice is stored once. Types are decided by
// the bytes (magic numbers), never by the name; sizes are limited while
// reading, so an oversized file is refused before it is kept.
package storage

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Errors callers map to HTTP answers (413, 415, 404).
var (
	ErrTooLarge      = errors.New("storage: the file is larger than allowed")
	ErrType          = errors.New("storage: the file's content is not an accepted type")
	ErrNotFound      = errors.New("storage: no such file")
	ErrZipBomb       = errors.New("storage: the archive expands too much")
	ErrInvalidDigest = errors.New("storage: not a SHA-256 digest")
)

// Type is a detected content type.
type Type string

// The accepted evidence types.
const (
	PDF  Type = "application/pdf"
	JPEG Type = "image/jpeg"
	PNG  Type = "image/png"
	TIFF Type = "image/tiff"
	OFD  Type = "application/ofd" // 版式文档 (GB/T 33190), a zip package
)

// Object is a stored file.
type Object struct {
	SHA256 string
	Size   int64
	Type   Type
}

// Store keeps files by digest.
type Store interface {
	Put(ctx context.Context, r io.Reader, limit int64) (Object, error)
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	Exists(ctx context.Context, sha string) (bool, error)
}

// Sniff decides the type from the first bytes (at least 8) and, for zip
// packages, from the whole file: an OFD is a zip whose root holds OFD.xml.
func Sniff(head []byte) (Type, bool) {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF, true
	case bytes.HasPrefix(head, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, true
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	case bytes.HasPrefix(head, []byte("II*\x00")), bytes.HasPrefix(head, []byte("MM\x00*")):
		return TIFF, true
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return OFD, true // confirmed by checkOFD
	}
	return "", false
}

// MaxExpansion bounds an OFD package: its entries may expand to at most
// this many times the package's size (and at most MaxUnpacked bytes).
const (
	MaxExpansion = 100
	MaxUnpacked  = 1 << 30
)

// checkOFD opens a zip package: it must hold OFD.xml at its root, and its
// declared and actual expansion must stay within bounds.
func checkOFD(f *os.File, size int64) error {
	zr, err := zip.NewReader(f, size)
	if err != nil {
		return ErrType
	}
	var total uint64
	hasRoot := false
	for _, e := range zr.File {
		if e.Name == "OFD.xml" {
			hasRoot = true
		}
		total += e.UncompressedSize64
		if total > uint64(MaxUnpacked) || total > uint64(size)*MaxExpansion {
			return ErrZipBomb
		}
	}
	if !hasRoot {
		return ErrType
	}
	// Declared sizes can lie: read the entries, bounded by the budget.
	budget := int64(total) + 1
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			return ErrType
		}
		n, err := io.Copy(io.Discard, io.LimitReader(rc, budget))
		rc.Close()
		if err != nil {
			return ErrType
		}
		budget -= n
		if budget <= 0 {
			return ErrZipBomb
		}
	}
	return nil
}

// Dir stores files in a local directory, fanned out by the digest's first
// two bytes (ab/cd/abcd…).
type Dir struct{ Root string }

var digestRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (d Dir) path(sha string) (string, error) {
	if !digestRE.MatchString(sha) {
		return "", ErrInvalidDigest
	}
	return filepath.Join(d.Root, sha[:2], sha[2:4], sha), nil
}

// Put reads r to at most limit bytes into a temporary file, sniffs it, and
// moves it into place under its digest. A file over the limit, of another
// type or an expanding archive is refused and nothing is kept.
func (d Dir) Put(ctx context.Context, r io.Reader, limit int64) (Object, error) {
	if err := os.MkdirAll(filepath.Join(d.Root, "tmp"), 0o700); err != nil {
		return Object{}, err
	}
	tmp, err := os.CreateTemp(filepath.Join(d.Root, "tmp"), "put-*")
	if err != nil {
		return Object{}, err
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	defer tmp.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, limit+1))
	if err != nil {
		return Object{}, err
	}
	if n > limit {
		return Object{}, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
	}
	if err := ctx.Err(); err != nil {
		return Object{}, err
	}
	head := make([]byte, 16)
	m, _ := tmp.ReadAt(head, 0)
	typ, ok := Sniff(head[:m])
	if !ok {
		return Object{}, ErrType
	}
	if typ == OFD {
		if err := checkOFD(tmp, n); err != nil {
			return Object{}, err
		}
	}
	sha := hex.EncodeToString(h.Sum(nil))
	dst, _ := d.path(sha)
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return Object{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Object{}, err
	}
	if _, err := os.Stat(dst); err == nil {
		return Object{SHA256: sha, Size: n, Type: typ}, nil // deduplicated
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Object{}, err
	}
	return Object{SHA256: sha, Size: n, Type: typ}, nil
}

// Open reads a stored file.
func (d Dir) Open(_ context.Context, sha string) (io.ReadCloser, error) {
	p, err := d.path(sha)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Exists reports whether a digest is stored.
func (d Dir) Exists(_ context.Context, sha string) (bool, error) {
	p, err := d.path(sha)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}
