package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestHeartbeat(t *testing.T) {
	file := filepath.Join(t.TempDir(), "healthy")
	t.Setenv("HEARTBEAT_FILE", file)
	if err := heartbeat(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
}
