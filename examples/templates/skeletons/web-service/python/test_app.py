import threading
import unittest
import urllib.error
import urllib.request

from app import serve


class HealthTest(unittest.TestCase):
    def setUp(self):
        self.server = serve(0)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.server.server_port

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def status(self, path):
        try:
            return urllib.request.urlopen(self.base + path).status
        except urllib.error.HTTPError as error:
            return error.code

    def test_health_and_readiness(self):
        self.assertEqual(self.status("/healthz"), 200)
        self.assertEqual(self.status("/ready"), 200)
        self.assertEqual(self.status("/nope"), 404)


if __name__ == "__main__":
    unittest.main()
