"""A queue worker skeleton.

Paved's default probes check a heartbeat: the worker touches /tmp/healthy after every poll, and the pod is
restarted when the file is older than two minutes. The queue URL comes from ${{ values.queueEnv or 'QUEUE_URL' }}.
"""

import datetime
import os
import signal
import time

HEARTBEAT = os.environ.get("HEARTBEAT_FILE", "/tmp/healthy")
QUEUE_URL = os.environ.get("${{ values.queueEnv or 'QUEUE_URL' }}")
running = True


def handle(message):
    """Handles one message; replace with the real work."""
    print("handled", message, flush=True)


def poll():
    """Fetches the next batch from the queue; replace with your queue client."""
    return []


def heartbeat():
    with open(HEARTBEAT, "w") as f:
        f.write(datetime.datetime.now(datetime.timezone.utc).isoformat())


def stop(*_):
    global running
    running = False


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, stop)
    print("${{ values.name }} polling", "the queue" if QUEUE_URL else "nothing (no queue URL set)", flush=True)
    while running:
        for message in poll():
            handle(message)
        heartbeat()
        time.sleep(5)
