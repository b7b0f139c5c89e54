package migrate

import (
	"strings"
	"testing"
	"testing/fstest"

	"teyi/migrations"
)

func TestShippedMigrationsAreSequential(t *testing.T) {
	if err := CheckFiles(migrations.FS); err != nil {
		t.Fatal(err)
	}
}

func TestCheckFilesRejectsGapsDuplicatesAndBadNames(t *testing.T) {
	f := func(names ...string) fstest.MapFS {
		m := fstest.MapFS{}
		for _, n := range names {
			m[n] = &fstest.MapFile{Data: []byte("-- +goose Up\n")}
		}
		return m
	}
	cases := map[string]struct {
		fs   fstest.MapFS
		want string
	}{
		"gap":       {f("00001_a.sql", "00003_c.sql"), "00002 is missing"},
		"duplicate": {f("00001_a.sql", "00002_b.sql", "00002_c.sql"), "used twice"},
		"bad name":  {f("00001_a.sql", "2_b.sql"), "want NNNNN"},
		"not one":   {f("00002_b.sql"), "00001 is missing"},
	}
	for name, c := range cases {
		err := CheckFiles(c.fs)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want error containing %q", name, err, c.want)
		}
	}
	if err := CheckFiles(f("00001_a.sql", "00002_b.sql")); err != nil {
		t.Errorf("valid set rejected: %v", err)
	}
}
