// Command ${{ values.name }} is a queue worker skeleton. Paved's default probes check a heartbeat: the
// worker touches /tmp/healthy after every poll, and the pod is restarted when the file is older than two
// minutes. The queue URL comes from ${{ values.queueEnv or 'QUEUE_URL' }}.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func heartbeatFile() string {
	if f := os.Getenv("HEARTBEAT_FILE"); f != "" {
		return f
	}
	return "/tmp/healthy"
}

// poll fetches the next batch from the queue; replace with your queue client.
func poll(ctx context.Context) []string { return nil }

// handle handles one message; replace with the real work.
func handle(message string) { log.Printf("handled %s", message) }

func heartbeat() error {
	return os.WriteFile(heartbeatFile(), []byte(time.Now().UTC().Format(time.RFC3339)), 0o600)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	log.Printf("${{ values.name }} polling (queue URL set: %t)", os.Getenv("${{ values.queueEnv or 'QUEUE_URL' }}") != "")
	for ctx.Err() == nil {
		for _, message := range poll(ctx) {
			handle(message)
		}
		if err := heartbeat(); err != nil {
			log.Printf("heartbeat: %v", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(5 * time.Second):
		}
	}
}
