import datetime
import unittest

from job import run


class JobTest(unittest.TestCase):
    def test_reports_when_it_ran(self):
        now = datetime.datetime(2024, 1, 1, 3, tzinfo=datetime.timezone.utc)
        self.assertEqual(run(now)["ranAt"], "2024-01-01T03:00:00+00:00")


if __name__ == "__main__":
    unittest.main()
