package main

import (
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	summary, err := run(time.Date(2024, 1, 1, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if summary["ranAt"] != "2024-01-01T03:00:00Z" {
		t.Errorf("ranAt = %q", summary["ranAt"])
	}
}
