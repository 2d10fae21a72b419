"""Docker HEALTHCHECK: exit 0 when /healthz on this container answers 200.

Sends the first of DJANGO_ALLOWED_HOSTS as the Host header, so Django's host
validation accepts the request. Uses only the standard library.
"""

import os
import sys
import urllib.request


def main():
    host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host or "localhost", "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=3) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
