
BASE = os.environ.get("KINGDEE_BASE") or {{BASE}}
HTTP_METHOD = {{HTTP_METHOD}}
PATH = {{PATH}}
QUERY = json.loads({{QUERY}})
BODY = {{BODY}}
TOKEN_PATH = "/jdyconnector/app_management/kingdee_auth_token"


def enc(text):
    """Kingdee's Enc: keeps A-Z a-z 0-9 - _ . ~, space as +, every other byte %XX."""
    return urllib.parse.quote_plus(text, safe="")


def form_enc(text):
    """Java's URLEncoder: keeps A-Z a-z 0-9 . - * _, space as +, every other byte %XX."""
    return urllib.parse.quote_plus(text, safe="*").replace("~", "%7E")


def signature(secret, text):
    """Base64 of the lower-hex HMAC-SHA256."""
    digest = hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()
    return base64.b64encode(digest.encode("ascii")).decode("ascii")


def call(method, path, query, body, token=None):
    """Signs METHOD, Enc(path), the twice-encoded sorted query, nonce and timestamp."""
    nonce, timestamp = str(int.from_bytes(os.urandom(4), "big") + 1), str(int(time.time() * 1000))
    signed_query = "&".join(k + "=" + enc(form_enc(v)) for k, v in sorted(query.items()))
    text = f"{method}\n{enc(path)}\n{signed_query}\nx-api-nonce:{nonce}\nx-api-timestamp:{timestamp}\n"
    headers = {
        "Content-Type": "application/json",
        "X-Api-ClientID": env("KINGDEE_CLIENT_ID"),
        "X-Api-Auth-Version": "2.0",
        "X-Api-TimeStamp": timestamp,
        "X-Api-Nonce": nonce,
        "X-Api-SignHeaders": "X-Api-TimeStamp,X-Api-Nonce",
        "X-Api-Signature": signature(env("KINGDEE_CLIENT_SECRET"), text),
    }
    if token:
        headers["app-token"] = token
        headers["X-GW-Router-Addr"] = env("KINGDEE_DOMAIN")
    url = BASE.rstrip("/") + path + ("?" + urllib.parse.urlencode(query) if query else "")
    return send(method, url, headers, body)


def token_query():
    """app_signature = Base64(lower-hex(HMAC-SHA256(app_secret, app_key)))."""
    app_key = env("KINGDEE_APP_KEY")
    return {"app_key": app_key, "app_signature": signature(env("KINGDEE_APP_SECRET"), app_key)}


def app_token():
    """KINGDEE_APP_TOKEN, or a fresh one from KINGDEE_APP_KEY and KINGDEE_APP_SECRET."""
    if optional("KINGDEE_APP_TOKEN"):
        return optional("KINGDEE_APP_TOKEN")
    _, text = call("GET", TOKEN_PATH, token_query(), "")
    return json.loads(text)["data"]["app-token"]


def main():
    if PATH == TOKEN_PATH:
        call(HTTP_METHOD, PATH, token_query(), BODY)
    elif PATH.startswith("/jdyconnector/"):
        call(HTTP_METHOD, PATH, QUERY, BODY)
    else:
        call(HTTP_METHOD, PATH, QUERY, BODY, app_token())


if __name__ == "__main__":
    main()
