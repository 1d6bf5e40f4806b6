"""Schemathesis hooks of the API fuzzer (e2e/api-fuzz.sh).

The server limits public writes per client (30 registrations in 15 minutes, then 429). The fuzzer
posts far more than that, so each request says it comes from another client, in the header the
server is started to trust for the client's address (`--client-ip-header x-fuzz-client`, only in
this script). Without it every registration after the 30th would only test the 429.
"""

import itertools

import schemathesis

# A counter, not `random`: Hypothesis reseeds the `random` module for every test case.
_clients = itertools.count(1)


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.headers is None:
        case.headers = {}
    # A documentation address (2001:db8::/32) in a new /64, the unit the server counts IPv6 by.
    n = next(_clients)
    case.headers["x-fuzz-client"] = "2001:db8:%x:%x::1" % ((n >> 16) & 0xFFFF, n & 0xFFFF)
