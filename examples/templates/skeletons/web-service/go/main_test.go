package main

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	var ready atomic.Bool
	ready.Store(true)
	server := httptest.NewServer(handler(&ready))
	defer server.Close()
	for path, want := range map[string]int{"/healthz": 200, "/ready": 200, "/nope": 404} {
		res, err := http.Get(server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("GET %s: got %d, want %d", path, res.StatusCode, want)
		}
	}
}
