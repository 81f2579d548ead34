// Command ${{ values.name }} is a scheduled job: Kubernetes starts it on the app spec's schedule, and it
// must exit when done — exit code 0 for success, anything else to have the run retried (up to
// backoffLimit times).
package main

import (
	"encoding/json"
	"log"
	"os"
	"time"
)

// run is the job's work; replace with yours. It returns a summary for the log.
func run(now time.Time) (map[string]string, error) {
	return map[string]string{"job": "${{ values.name }}", "ranAt": now.UTC().Format(time.RFC3339)}, nil
}

func main() {
	summary, err := run(time.Now())
	if err != nil {
		log.Print(err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(summary)
}
