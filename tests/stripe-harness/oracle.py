"""The form-encoding oracle: Stripe's official Python library (stripe==6.0.0,
which pins API version 2023-08-16) encodes the same parameters the Rust SDK
sent, through its own request path (APIRequestor.request_raw with an HTTP
client that records the request instead of sending it).

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
import stripe.version
from stripe import api_requestor

PINNED = "6.0.0"


class RecordingClient:
    """An HTTP client that records what stripe-python would send."""

    name = "recording"

    def __init__(self):
        self.requests = []

    def request_with_retries(self, method, url, headers, post_data=None):
        self.requests.append((method, url, headers, post_data))
        return ("{}", 200, {})


def encode(case):
    params = json.loads(case["params"], object_pairs_hook=OrderedDict)
    client = RecordingClient()
    requestor = api_requestor.APIRequestor(
        key="sk_test_harness", client=client, api_base="https://api.stripe.com"
    )
    requestor.request_raw(case["method"].lower(), case["path"], params)
    if len(client.requests) != 1:
        raise RuntimeError("expected one request, got %d" % len(client.requests))
    method, url, headers, post_data = client.requests[0]
    return {
        "name": case["name"],
        "method": method,
        "body": post_data or "",
        "query": urlsplit(url).query,
        "headers": {k.lower(): v for k, v in headers.items()},
    }


def main():
    if stripe.version.VERSION != PINNED:
        sys.exit("oracle: stripe %s is installed, %s is pinned" % (stripe.version.VERSION, PINNED))
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(encode(json.loads(line))))


if __name__ == "__main__":
    main()
