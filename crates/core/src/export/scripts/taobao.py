
GATEWAY = os.environ.get("TAOBAO_GATEWAY") or {{GATEWAY}}
API_METHOD = {{METHOD}}
SIGN_METHOD = {{SIGN_METHOD}}
# Optional system parameters (partner_id, simplify, target_app_key).
EXTRA_SYSTEM = json.loads({{EXTRA_SYSTEM}})
# Business parameters, sent in the form body exactly as written here.
PARAMS = json.loads({{PARAMS}})


def beijing_time():
    """The gateway wants Beijing time (GMT+8) whatever this machine's zone."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 8 * 3600))


def sign(params, secret, sign_method):
    """Taobao TOP: parameters sorted by key, key+value joined (blank values left out),
    then MD5(secret + S + secret), HMAC-MD5 or HMAC-SHA256 keyed by the secret; upper hex."""
    text = "".join(k + v for k, v in sorted(params.items()) if v.strip()).encode("utf-8")
    key = secret.encode("utf-8")
    if sign_method == "md5":
        return hashlib.md5(key + text + key).hexdigest().upper()
    digest = hashlib.md5 if sign_method == "hmac" else hashlib.sha256
    return hmac.new(key, text, digest).hexdigest().upper()


def main():
    system = {
        "method": API_METHOD,
        "app_key": env("TAOBAO_APP_KEY"),
        "timestamp": beijing_time(),
        "format": "json",
        "v": "2.0",
        "sign_method": SIGN_METHOD,
        "session": optional("TAOBAO_SESSION"),
        **EXTRA_SYSTEM,
    }
    system = {k: v for k, v in system.items() if v.strip()}
    business = {k: v for k, v in PARAMS.items() if v.strip()}
    system["sign"] = sign({**system, **business}, env("TAOBAO_APP_SECRET"), SIGN_METHOD)
    url = GATEWAY + "?" + urllib.parse.urlencode(system)
    headers = {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}
    send("POST", url, headers, urllib.parse.urlencode(business))


if __name__ == "__main__":
    main()
