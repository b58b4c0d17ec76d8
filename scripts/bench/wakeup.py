"""The machine's own latency, the floor under every target given in milliseconds.

  wakeup.py sleep            how late 500 sleeps of 20 ms wake up (the scheduler's delay)
  wakeup.py get URL RATE N   N GETs of URL on one keep-alive connection, paced at RATE a second

Prints `p50=<ms>` and `p99=<ms>`, a line each.
"""
import http.client
import sys
import time
from urllib.parse import urlsplit


def percentiles(samples):
    samples.sort()
    n = len(samples)
    return "p50=%.2f\np99=%.2f" % (samples[n // 2], samples[min(n - 1, n * 99 // 100)])


def oversleep():
    late = []
    for _ in range(500):
        started = time.perf_counter()
        time.sleep(0.02)
        late.append((time.perf_counter() - started - 0.02) * 1000)
    return late


def paced_get(url, rate, count):
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    took = []
    start = time.perf_counter()
    for i in range(count):
        wait = start + i / rate - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        sent = time.perf_counter()
        connection.request("GET", parts.path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit("%s answered %d" % (url, response.status))
        took.append((time.perf_counter() - sent) * 1000)
    return took


if sys.argv[1] == "sleep":
    print(percentiles(oversleep()))
else:
    print(percentiles(paced_get(sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))))
