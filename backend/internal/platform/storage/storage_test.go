package storage

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func zipOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b) //nolint:errcheck
	}
	zw.Close()
	return buf.Bytes()
}

func TestTypesAreDecidedByContent(t *testing.T) {
	s := Dir{Root: t.TempDir()}
	ctx := context.Background()
	ok := map[string][]byte{
		"pdf":  []byte("%PDF-1.7\n…"),
		"jpeg": {0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'},
		"png":  []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"tiff": []byte("II*\x00\x08\x00\x00\x00"),
		"ofd":  zipOf(t, map[string][]byte{"OFD.xml": []byte("<ofd:OFD/>"), "Doc_0/Document.xml": []byte("<d/>")}),
	}
	want := map[string]Type{"pdf": PDF, "jpeg": JPEG, "png": PNG, "tiff": TIFF, "ofd": OFD}
	for name, b := range ok {
		obj, err := s.Put(ctx, bytes.NewReader(b), 1<<20)
		if err != nil || obj.Type != want[name] || obj.Size != int64(len(b)) {
			t.Errorf("%s: %+v %v", name, obj, err)
		}
	}
	for name, b := range map[string][]byte{
		"exe named pdf": []byte("MZ\x90\x00 not a pdf"),
		"html":          []byte("<html><script>"),
		"plain zip":     zipOf(t, map[string][]byte{"a.txt": []byte("x")}),
		"empty":         nil,
	} {
		if _, err := s.Put(ctx, bytes.NewReader(b), 1<<20); !errors.Is(err, ErrType) {
			t.Errorf("%s: %v, want ErrType", name, err)
		}
	}
}

func TestSizeLimitAndDeduplication(t *testing.T) {
	root := t.TempDir()
	s := Dir{Root: root}
	ctx := context.Background()
	big := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("x"), 2000)...)
	if _, err := s.Put(ctx, bytes.NewReader(big), 1000); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("oversized: %v", err)
	}
	a, err := s.Put(ctx, bytes.NewReader(big[:900]), 1000)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Put(ctx, bytes.NewReader(big[:900]), 1000)
	if err != nil || b.SHA256 != a.SHA256 {
		t.Fatalf("second put: %+v %v", b, err)
	}
	var files int
	filepath.WalkDir(root, func(p string, de os.DirEntry, _ error) error { //nolint:errcheck
		if !de.IsDir() {
			files++
		}
		return nil
	})
	if files != 1 {
		t.Errorf("%d files stored, want 1 (deduplicated, no temporaries left)", files)
	}
	rc, err := s.Open(ctx, a.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, big[:900]) {
		t.Error("stored bytes differ")
	}
	if _, err := s.Open(ctx, strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
	for _, bad := range []string{"../../etc/passwd", strings.Repeat("A", 64), "abc"} {
		if _, err := s.Open(ctx, bad); !errors.Is(err, ErrInvalidDigest) {
			t.Errorf("Open(%q): %v, want ErrInvalidDigest", bad, err)
		}
	}
}

func TestArchiveBombsAreRefused(t *testing.T) {
	s := Dir{Root: t.TempDir()}
	bomb := zipOf(t, map[string][]byte{"OFD.xml": []byte("<ofd/>"), "Doc_0/page.xml": bytes.Repeat([]byte{0}, 50<<20)})
	if _, err := s.Put(context.Background(), bytes.NewReader(bomb), 10<<20); !errors.Is(err, ErrZipBomb) {
		t.Fatalf("a 50 MiB expansion from %d bytes: %v, want ErrZipBomb", len(bomb), err)
	}
}
