#!/usr/bin/env python3
# countersign export: {{TITLE}}
# Builds, signs and sends this request with Python 3's standard library only.
# {{CREDENTIALS_NOTE}}
#   {{ENV_HELP}}
import base64
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


# The mock's public demo credentials, for an export made in Mock; empty otherwise.
DEFAULTS = json.loads({{DEFAULTS}})


def optional(name):
    """The environment's value, else the default, else empty."""
    return os.environ.get(name) or DEFAULTS.get(name, "")


def env(name):
    value = optional(name)
    if value == "":
        sys.exit(f"set the environment variable {name}")
    return value


def send(method, url, headers, body):
    """Sends the request and prints the status and the answer."""
    data = body.encode("utf-8") if body else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    print(status)
    print(text)
    return status, text

