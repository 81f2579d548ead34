package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log"
	"math"
	"math/rand"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	labelComponent = "backstage.io/kubernetes-id"
	annRPS         = "paved.dev/sim-rps"
	annErrorRatio  = "paved.dev/sim-error-ratio"
	annLatency     = "paved.dev/sim-latency-ms"
	annPaths       = "paved.dev/sim-paths"
)

// Prometheus' default histogram buckets.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type endpoint struct {
	method    string
	path      string // may contain {id}
	weight    float64
	latencyMs float64 // median
}

type reqKey struct {
	method string
	code   string
}

// podState is everything simulated for one pod.
type podState struct {
	uid, namespace, name, service string
	version                       string // image tag of the first container
	containers                    []string
	batch                         bool              // owned by a Job: log lines, no HTTP traffic
	failure                       string            // simulated failure (paved.dev/simulate): never serves, logs its exits
	lastExit                      map[string]string // per container: finishedAt of the last exit whose log is written
	running                       bool
	startedAt                     time.Time
	lastSeen                      time.Time

	rps, errorRatio, latencyMs float64
	endpoints                  []endpoint
	phase                      float64 // per-service phase of the slow waves

	requests     map[reqKey]float64
	bucketCounts []float64
	durationSum  float64
	durationCnt  float64

	finished       bool // terminal phase seen and its log written
	logsRegistered bool
	logsErr        time.Time
	rng            *rand.Rand
}

type simulator struct {
	cfg    config
	client *kubeClient

	mu         sync.Mutex
	pods       map[string]*podState // by uid
	allPods    []pod
	nodes      []node
	namespaces []namespace
	rsOwners   map[string]ownerRef // namespace/replicaset -> owner
	lastPoll   time.Time
	lastErr    error

	filesMu  sync.Mutex
	files    map[string]*os.File
	lastLine map[string]time.Time // per log file: timestamp of the last line

	incidents map[string]time.Time // service -> end of an error burst

	traces *traceExporter // nil without -otlp-endpoint
}

func newSimulator(cfg config, client *kubeClient) *simulator {
	return &simulator{
		cfg:       cfg,
		client:    client,
		pods:      map[string]*podState{},
		rsOwners:  map[string]ownerRef{},
		files:     map[string]*os.File{},
		lastLine:  map[string]time.Time{},
		incidents: map[string]time.Time{},
		traces:    newTraceExporter(cfg.otlpEndpoint),
	}
}

func (s *simulator) healthy() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastPoll.IsZero() {
		if s.lastErr != nil {
			return fmt.Errorf("no successful poll yet: %v", s.lastErr)
		}
		return errors.New("no successful poll yet")
	}
	if time.Since(s.lastPoll) > 30*time.Second {
		return fmt.Errorf("last successful poll %s ago: %v", time.Since(s.lastPoll).Round(time.Second), s.lastErr)
	}
	return nil
}

func (s *simulator) run(ctx context.Context) {
	s.poll(ctx)
	poll := time.NewTicker(s.cfg.pollInterval)
	tick := time.NewTicker(s.cfg.tickInterval)
	cleanup := time.NewTicker(time.Minute)
	defer poll.Stop()
	defer tick.Stop()
	defer cleanup.Stop()
	if s.traces != nil {
		go s.sendTraces(ctx)
	}
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-poll.C:
			s.poll(ctx)
		case now := <-tick.C:
			s.step(now, now.Sub(last).Seconds())
			last = now
		case <-cleanup.C:
			s.cleanupFiles()
		}
	}
}

// sendTraces sends the traces made by the ticks once a second, outside the simulator's lock.
func (s *simulator) sendTraces(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.traces.flush(ctx)
		}
	}
}

// --- polling -------------------------------------------------------------------------------------------------

func (s *simulator) poll(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var pl podList
	var nl nodeList
	var nsl namespaceList
	var rsl replicaSetList
	err := s.client.list(ctx, "/api/v1/pods", &pl)
	if err == nil {
		err = s.client.list(ctx, "/api/v1/nodes", &nl)
	}
	if err == nil {
		err = s.client.list(ctx, "/api/v1/namespaces", &nsl)
	}
	if err == nil {
		err = s.client.list(ctx, "/apis/apps/v1/replicasets", &rsl)
	}
	if err != nil {
		s.mu.Lock()
		s.lastErr = err
		s.mu.Unlock()
		log.Printf("poll: %v", err)
		return
	}

	now := time.Now()
	var toRegister []*podState
	s.mu.Lock()
	s.allPods = pl.Items
	s.nodes = nl.Items
	s.namespaces = nsl.Items
	s.rsOwners = map[string]ownerRef{}
	for _, rs := range rsl.Items {
		if o := controllerOf(rs.Metadata); o != nil {
			s.rsOwners[rs.Metadata.Namespace+"/"+rs.Metadata.Name] = *o
		}
	}
	seen := map[string]bool{}
	for i := range pl.Items {
		p := &pl.Items[i]
		svc := p.Metadata.Labels[labelComponent]
		if svc == "" || p.Spec.NodeName == "" {
			continue
		}
		seen[p.Metadata.UID] = true
		st, ok := s.pods[p.Metadata.UID]
		if !ok {
			st = s.newPodState(p, svc)
			s.pods[p.Metadata.UID] = st
		}
		st.lastSeen = now
		s.configure(st, p)
		wasRunning := st.running
		// a pod whose containers keep failing is never ready, so it gets no traffic; its exits get logs instead
		st.running = p.Status.Phase == "Running" && p.Metadata.DeletionTimestamp == nil && st.failure == ""
		if st.failure != "" {
			s.writeExits(st, p)
		}
		if st.running && !wasRunning {
			st.startedAt = startedAt(p)
			s.writeStartup(st)
		}
		if (p.Status.Phase == "Succeeded" || p.Status.Phase == "Failed") && !st.finished {
			// pods that ran to completion between two polls (KWOK completes Job pods at once) still get a log
			st.finished = true
			st.startedAt = startedAt(p)
			s.writeStartup(st)
			s.writeFinish(st, p.Status.Phase == "Succeeded")
		}
		if !st.logsRegistered && now.Sub(st.logsErr) > 10*time.Second {
			toRegister = append(toRegister, st)
		}
	}
	for uid, st := range s.pods {
		if !seen[uid] {
			s.closePodFiles(st)
			delete(s.pods, uid)
		}
	}
	s.lastPoll = now
	s.lastErr = nil
	s.mu.Unlock()

	for _, st := range toRegister {
		err := s.registerLogs(ctx, st)
		s.mu.Lock()
		if err != nil {
			st.logsErr = time.Now()
			log.Printf("register logs of %s/%s: %v", st.namespace, st.name, err)
		} else {
			st.logsRegistered = true
		}
		s.mu.Unlock()
	}
}

func startedAt(p *pod) time.Time {
	for _, cs := range p.Status.ContainerStatuses {
		if cs.State.Running != nil {
			if t, err := time.Parse(time.RFC3339, cs.State.Running.StartedAt); err == nil {
				return t
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, p.Status.StartTime); err == nil {
		return t
	}
	return time.Now()
}

func hash64(s string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(s))
	return h.Sum64()
}

func (s *simulator) newPodState(p *pod, svc string) *podState {
	st := &podState{
		uid:          p.Metadata.UID,
		namespace:    p.Metadata.Namespace,
		name:         p.Metadata.Name,
		service:      svc,
		requests:     map[reqKey]float64{},
		bucketCounts: make([]float64, len(buckets)),
		rng:          rand.New(rand.NewSource(int64(hash64(p.Metadata.UID)))),
		phase:        float64(hash64(svc)%1000) / 1000 * 2 * math.Pi,
		failure:      failureMode(p),
		lastExit:     map[string]string{},
	}
	for _, c := range p.Spec.Containers {
		st.containers = append(st.containers, c.Name)
	}
	st.version = "latest"
	if len(p.Spec.Containers) > 0 {
		img := p.Spec.Containers[0].Image
		if i := strings.LastIndex(img, ":"); i > strings.LastIndex(img, "/") {
			st.version = img[i+1:]
		}
	}
	for _, o := range p.Metadata.OwnerReferences {
		if o.Kind == "Job" || o.Kind == "CronJob" {
			st.batch = true
		}
	}
	return st
}

// configure (re)reads the pod's tuning annotations.
func (s *simulator) configure(st *podState, p *pod) {
	a := p.Metadata.Annotations
	h := hash64(st.service)
	st.rps = 2 + float64(h%7)
	if v, err := strconv.ParseFloat(a[annRPS], 64); err == nil && v >= 0 {
		st.rps = v
	}
	st.errorRatio = 0.01
	if v, err := strconv.ParseFloat(a[annErrorRatio], 64); err == nil && v >= 0 && v <= 1 {
		st.errorRatio = v
	}
	st.latencyMs = 0
	if v, err := strconv.ParseFloat(a[annLatency], 64); err == nil && v > 0 {
		st.latencyMs = v
	}
	st.endpoints = endpointsFor(st.service, a[annPaths])
}

func endpointsFor(service, custom string) []endpoint {
	if custom != "" {
		var eps []endpoint
		for _, part := range strings.Split(custom, ",") {
			f := strings.Fields(part)
			switch len(f) {
			case 1:
				eps = append(eps, endpoint{"GET", f[0], 1, 40})
			case 2:
				eps = append(eps, endpoint{strings.ToUpper(f[0]), f[1], 1, 40})
			}
		}
		if len(eps) > 0 {
			return eps
		}
	}
	switch {
	case strings.Contains(service, "worker"):
		return []endpoint{
			{"POST", "/internal/events/order-created", 5, 60},
			{"POST", "/internal/events/payment-captured", 3, 45},
			{"POST", "/internal/events/shipment-requested", 1, 90},
			{"GET", "/healthz", 1, 2},
		}
	case strings.Contains(service, "checkout"):
		return []endpoint{
			{"GET", "/api/cart", 6, 18},
			{"POST", "/api/cart/items", 3, 35},
			{"POST", "/api/checkout", 1.5, 120},
			{"GET", "/api/orders/{id}", 2, 25},
			{"POST", "/api/payments/authorize", 1, 180},
			{"GET", "/healthz", 1, 2},
		}
	case strings.Contains(service, "search"):
		return []endpoint{
			{"GET", "/api/search", 8, 45},
			{"GET", "/api/suggest", 5, 12},
			{"GET", "/api/products/{id}", 2, 20},
			{"POST", "/api/index/refresh", 0.1, 400},
			{"GET", "/healthz", 1, 2},
		}
	default:
		return []endpoint{
			{"GET", "/api/v1/items", 5, 30},
			{"GET", "/api/v1/items/{id}", 3, 15},
			{"POST", "/api/v1/items", 1, 60},
			{"GET", "/healthz", 1, 2},
		}
	}
}

// --- traffic -------------------------------------------------------------------------------------------------

func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		if n < 0 {
			return 0
		}
		return n
	}
	l := math.Exp(-lambda)
	k, p := 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// step advances the simulation by dt seconds.
func (s *simulator) step(now time.Time, dt float64) {
	if dt <= 0 || dt > 10 {
		dt = s.cfg.tickInterval.Seconds()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := float64(now.Unix())
	for _, st := range s.pods {
		if !st.running {
			continue
		}
		if st.batch {
			if st.rng.Float64() < dt/5 {
				s.writeBatchLine(st, now)
			}
			continue
		}
		// slow waves: load over an hour, error rate over 15 minutes, plus rare bursts per service
		load := 1 + 0.3*math.Sin(2*math.Pi*t/3600+st.phase)
		errMul := 1 + 0.6*math.Sin(2*math.Pi*t/900+st.phase)
		if end, ok := s.incidents[st.service]; ok && now.Before(end) {
			errMul *= 6
		} else if st.rng.Float64() < dt/(3*3600.0)/float64(max(1, len(s.pods))) {
			s.incidents[st.service] = now.Add(2 * time.Minute)
		}
		n := poisson(st.rng, st.rps*load*dt)
		var sampled []requestLine
		for i := 0; i < n; i++ {
			rl := s.request(st, now, errMul)
			// every server error is logged, other requests are sampled (~1 line per second per pod)
			if rl.status >= 500 || rl.status >= 400 && st.rng.Float64() < 0.5 || st.rng.Float64() < 1/(st.rps*load+1e-9) {
				if len(sampled) < 8 {
					sampled = append(sampled, rl)
				}
			}
		}
		if len(sampled) == 0 && st.rng.Float64() < 0.2 {
			// idle pods still say something now and then
			s.writeLine(st, st.containers[0], now, "INFO", map[string]any{"msg": "connection pool stats", "active": st.rng.Intn(8), "idle": 2 + st.rng.Intn(6)})
		}
		sort.Slice(sampled, func(i, j int) bool { return sampled[i].at.Before(sampled[j].at) })
		for _, rl := range sampled {
			if s.traces != nil {
				// every logged request is traced, so a trace id in a log line names a stored trace
				b, spanID := s.traceRequest(st, rl, rl.endpoint)
				rl.traceID, rl.spanID = b.id, spanID
				s.traces.add(b)
			}
			s.writeRequest(st, rl)
		}
	}
}

type requestLine struct {
	at        time.Time
	method    string
	path      string
	status    int
	latencyMs float64
	requestID string
	errMsg    string
	endpoint  endpoint
	traceID   string // set when the request is traced
	spanID    string
}

func (s *simulator) request(st *podState, now time.Time, errMul float64) requestLine {
	r := st.rng
	var total float64
	for _, e := range st.endpoints {
		total += e.weight
	}
	pick := r.Float64() * total
	ep := st.endpoints[len(st.endpoints)-1]
	for _, e := range st.endpoints {
		if pick < e.weight {
			ep = e
			break
		}
		pick -= e.weight
	}
	median := ep.latencyMs
	if st.latencyMs > 0 {
		median = st.latencyMs * ep.latencyMs / 40
	}
	latency := median * math.Exp(0.45*r.NormFloat64())
	if r.Float64() < 0.01 {
		latency *= 4 + 6*r.Float64() // slow tail
	}
	status := 200
	if ep.method == "POST" {
		status = 201
	}
	errMsg := ""
	errRatio := math.Min(0.95, st.errorRatio*errMul)
	switch x := r.Float64(); {
	case ep.path == "/healthz":
	case x < errRatio:
		switch r.Intn(3) {
		case 0:
			status, errMsg = 503, "upstream unavailable"
			latency = 2 + 8*r.Float64()
		case 1:
			status, errMsg = 504, "upstream request timeout"
			latency = 1000 + 2000*r.Float64()
		default:
			status, errMsg = 500, "unhandled exception: "+[]string{"nil pointer dereference", "database deadlock detected", "connection reset by peer"}[r.Intn(3)]
		}
	case x < errRatio+0.02:
		status = []int{400, 404, 404, 409, 422}[r.Intn(5)]
		latency = latency / 3
	}
	path := strings.ReplaceAll(ep.path, "{id}", strconv.Itoa(10000+r.Intn(90000)))
	if ep.path == "/api/search" || ep.path == "/api/suggest" {
		path += "?q=" + []string{"running+shoes", "jacket", "usb-c+cable", "coffee", "desk+lamp", "headphones"}[r.Intn(6)]
	}

	code := strconv.Itoa(status)
	st.requests[reqKey{ep.method, code}]++
	sec := latency / 1000
	for i, b := range buckets {
		if sec <= b {
			st.bucketCounts[i]++
		}
	}
	st.durationSum += sec
	st.durationCnt++

	return requestLine{
		at:        now.Add(-time.Duration(r.Float64() * float64(time.Second))),
		method:    ep.method,
		path:      path,
		status:    status,
		latencyMs: math.Round(latency*10) / 10,
		requestID: fmt.Sprintf("%016x", r.Uint64()),
		errMsg:    errMsg,
		endpoint:  ep,
	}
}
