
BASE = os.environ.get("WDT_BASE") or {{BASE}}
API_METHOD = {{METHOD}}
# The JSON array of the method's arguments: signed and sent byte for byte.
BODY = {{BODY}}
PAGE = json.loads({{PAGE}})


def sign(params, secret):
    """旺店通: secret + key+value over the parameters sorted by key (body included) + secret,
    MD5, lower hex."""
    text = secret + "".join(k + v for k, v in sorted(params.items())) + secret
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def main():
    # The console's appsecret reads secret:salt; split at the first colon.
    secret, salt = env("WDT_APPSECRET").split(":", 1)
    params = {
        "sid": env("WDT_SID"),
        "key": env("WDT_APPKEY"),
        "salt": salt,
        "method": API_METHOD,
        "v": "1.0",
        # Seconds since 2012-01-01 00:00:00 UTC.
        "timestamp": str(int(time.time()) - 1325347200),
        **PAGE,
    }
    params["sign"] = sign({**params, "body": BODY}, secret)
    url = BASE + "?" + urllib.parse.urlencode(params)
    send("POST", url, {"Content-Type": "application/json"}, BODY)


if __name__ == "__main__":
    main()
