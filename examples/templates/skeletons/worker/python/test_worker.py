import os
import tempfile
import unittest

import worker


class HeartbeatTest(unittest.TestCase):
    def test_writes_the_heartbeat_the_liveness_probe_checks(self):
        with tempfile.TemporaryDirectory() as folder:
            worker.HEARTBEAT = os.path.join(folder, "healthy")
            worker.heartbeat()
            self.assertTrue(os.path.exists(worker.HEARTBEAT))


if __name__ == "__main__":
    unittest.main()
