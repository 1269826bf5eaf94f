"""The form-encoding oracle: Stripe's official Python library (stripe==16.1.0,
the current release, pinned) encodes the same parameters the Rust SDK sent,
through its public request path (StripeClient.raw_request, pinned to the
document's API version 2023-08-16, with an HTTP client that records the
request instead of sending it).

Reads JSON lines from stdin, each with `name`, `method`, `path` and
`params` (a JSON text, decoded keeping its key order); writes one JSON line
per case with `name`, `body` (the form body, "" for GET), `query` (the
query string of the URL) and the request headers stripe-python set.
"""

import json
import sys
from collections import OrderedDict
from urllib.parse import urlsplit

import stripe

PINNED = "16.1.0"
API_VERSION = "2023-08-16"


class RecordingClient(stripe.HTTPClient):
    """An HTTP client that records what stripe-python would send."""

    name = "recording"

    def __init__(self):
        super().__init__()
        self.requests = []

    def request_with_retries(
        self, method, url, headers, post_data=None, max_network_retries=None, *, _usage=None
    ):
        self.requests.append((method, url, headers, post_data))
        return ("{}", 200, {})

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        return self.request_with_retries(method, url, headers, post_data)

    def close(self):
        pass


def encode(case):
    params = json.loads(case["params"], object_pairs_hook=OrderedDict)
    recorder = RecordingClient()
    client = stripe.StripeClient(
        "sk_test_harness", stripe_version=API_VERSION, http_client=recorder
    )
    client.raw_request(case["method"].lower(), case["path"], **params)
    if len(recorder.requests) != 1:
        raise RuntimeError("expected one request, got %d" % len(recorder.requests))
    method, url, headers, post_data = recorder.requests[0]
    if isinstance(post_data, bytes):
        post_data = post_data.decode("utf-8")
    return {
        "name": case["name"],
        "method": method,
        "body": post_data or "",
        "query": urlsplit(url).query,
        "headers": {k.lower(): v for k, v in headers.items()},
    }


def main():
    if stripe.VERSION != PINNED:
        sys.exit("oracle: stripe %s is installed, %s is pinned" % (stripe.VERSION, PINNED))
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(encode(json.loads(line))))


if __name__ == "__main__":
    main()
