"""A scheduled job.

Kubernetes starts it on the app spec's schedule, and it must exit when done: exit code 0 for success,
anything else to have the run retried (up to backoffLimit times).
"""

import datetime
import json
import sys


def run(now=None):
    """The job's work; replace with yours. Returns a summary for the log."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return {"job": "${{ values.name }}", "ranAt": now.isoformat()}


if __name__ == "__main__":
    try:
        print(json.dumps(run()), flush=True)
    except Exception as error:
        print(error, file=sys.stderr, flush=True)
        sys.exit(1)
