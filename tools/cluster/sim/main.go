// Command sim is the local cluster's demo traffic and log simulator.
//
// Every few seconds it lists the cluster's pods. For each running pod labelled backstage.io/kubernetes-id it
// simulates HTTP traffic: it appends application log lines (JSON, in the CRI log file format that KWOK's
// /containerLogs endpoint reads) to one file per container, registers those files with KWOK through a Logs object
// per pod, and exports Prometheus series (http_requests_total, http_request_duration_seconds). It also exports
// kube-state-metrics style series (kube_pod_container_resource_requests, ...) for all pods, so that cost reports
// have requests and limits. Like a kubelet, it keeps pods whose Secret or ConfigMap references do not resolve
// from starting, and reports why (configcheck.go).
//
// Tuning per pod through annotations:
//
//	paved.dev/sim-rps           requests per second of this pod (default: 2-8, derived from the service name)
//	paved.dev/sim-error-ratio   fraction of 5xx responses (default 0.01)
//	paved.dev/sim-latency-ms    median latency in milliseconds (default: per endpoint, 15-120)
//	paved.dev/sim-paths         comma-separated "METHOD /path" list of endpoints (default: derived from the name)
//
// With -otlp-endpoint, every logged request is also a trace across the demo's services (traces.go), sent as
// OTLP/HTTP JSON; the log line carries its trace_id and span_id.
//
// Only the standard library is used.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"
)

type config struct {
	apiServer    string
	caFile       string
	certFile     string
	keyFile      string
	tokenFile    string
	listen       string
	logDir       string
	pollInterval time.Duration
	tickInterval time.Duration
	rotateBytes  int64
	retainGone   time.Duration
	configCheck  time.Duration
	otlpEndpoint string
}

func main() {
	var cfg config
	flag.StringVar(&cfg.apiServer, "apiserver", "https://127.0.0.1:16443", "Kubernetes API server URL")
	flag.StringVar(&cfg.caFile, "ca", "", "CA bundle of the API server")
	flag.StringVar(&cfg.certFile, "cert", "", "client certificate")
	flag.StringVar(&cfg.keyFile, "key", "", "client key")
	flag.StringVar(&cfg.tokenFile, "token-file", "", "bearer token file (instead of a client certificate)")
	flag.StringVar(&cfg.listen, "listen", "127.0.0.1:19091", "address of /metrics and /healthz")
	flag.StringVar(&cfg.logDir, "log-dir", "", "directory of the simulated container log files")
	flag.DurationVar(&cfg.pollInterval, "poll-interval", 2*time.Second, "how often pods are listed")
	flag.DurationVar(&cfg.tickInterval, "tick-interval", time.Second, "traffic simulation step")
	flag.Int64Var(&cfg.rotateBytes, "rotate-bytes", 8<<20, "rotate a container log file beyond this size")
	flag.DurationVar(&cfg.retainGone, "retain-gone", 10*time.Minute, "keep log files of deleted pods this long")
	flag.DurationVar(&cfg.configCheck, "config-check-interval", time.Second, "how often pods waiting for Secrets and ConfigMaps are checked")
	flag.StringVar(&cfg.otlpEndpoint, "otlp-endpoint", "", "OTLP/HTTP endpoint the traces of logged requests are sent to (e.g. http://127.0.0.1:14318); none: no traces")
	flag.Parse()
	if cfg.logDir == "" {
		log.Fatal("-log-dir is required")
	}
	abs, err := filepath.Abs(cfg.logDir)
	if err != nil {
		log.Fatal(err)
	}
	cfg.logDir = abs
	if err := os.MkdirAll(cfg.logDir, 0o755); err != nil {
		log.Fatal(err)
	}

	client, err := newKubeClient(cfg.apiServer, cfg.caFile, cfg.certFile, cfg.keyFile, cfg.tokenFile)
	if err != nil {
		log.Fatalf("api client: %v", err)
	}

	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()

	s := newSimulator(cfg, client)

	mux := http.NewServeMux()
	mux.HandleFunc("/metrics", s.serveMetrics)
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		if err := s.healthy(); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{Addr: cfg.listen, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatalf("listen %s: %v", cfg.listen, err)
		}
	}()
	log.Printf("paved-sim listening on %s, api %s, logs in %s", cfg.listen, cfg.apiServer, cfg.logDir)

	go newConfigChecker(client, cfg.configCheck).run(ctx)
	s.run(ctx)

	shutdownCtx, c2 := context.WithTimeout(context.Background(), 3*time.Second)
	defer c2()
	_ = srv.Shutdown(shutdownCtx)
	s.closeFiles()
	log.Print("paved-sim stopped")
}
