package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestInvalidConfigurationExitsWithCode2NamingTheVariable(t *testing.T) {
	t.Setenv("TEYI_ADDR", "no-port")
	root := newRootCmd()
	root.SetArgs([]string{"serve"})
	root.SetOut(&bytes.Buffer{})
	err := root.Execute()
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "TEYI_ADDR") {
		t.Fatalf("got %v (exit %d), want exit 2 naming TEYI_ADDR", err, exitCode(err))
	}
}

func TestEverySubcommandHasHelp(t *testing.T) {
	root := newRootCmd()
	want := []string{"serve", "worker", "scheduler", "all", "migrate", "seed", "version", "openapi", "queue", "bench"}
	have := map[string]bool{}
	for _, c := range root.Commands() {
		have[c.Name()] = c.Short != ""
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("subcommand %q missing or without a short help", w)
		}
	}
}
