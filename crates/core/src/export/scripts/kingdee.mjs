const BASE = process.env.KINGDEE_BASE || {{BASE}};
const HTTP_METHOD = {{HTTP_METHOD}};
const PATH = {{PATH}};
const QUERY = JSON.parse({{QUERY}});
const BODY = {{BODY}};
const TOKEN_PATH = "/jdyconnector/app_management/kingdee_auth_token";

const hex = (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase();
/** Kingdee's Enc: keeps A-Z a-z 0-9 - _ . ~, space as +, every other byte %XX. */
const enc = (s) => encodeURIComponent(s).replace(/[!'()*]/g, hex).replace(/%20/g, "+");
/** Java's URLEncoder: keeps A-Z a-z 0-9 . - * _, space as +, every other byte %XX. */
const formEnc = (s) => encodeURIComponent(s).replace(/[!'()~]/g, hex).replace(/%20/g, "+");

/** Base64 of the lower-hex HMAC-SHA256. */
function signature(secret, text) {
  const digest = crypto.createHmac("sha256", secret).update(text, "utf8").digest("hex");
  return Buffer.from(digest, "ascii").toString("base64");
}

/** Signs METHOD, Enc(path), the twice-encoded sorted query, nonce and timestamp. */
async function call(method, path, query, body, token) {
  const nonce = String(crypto.randomInt(1, 2 ** 31));
  const timestamp = String(Date.now());
  const signedQuery = Object.keys(query).sort().map((k) => `${k}=${enc(formEnc(query[k]))}`).join("&");
  const text = `${method}\n${enc(path)}\n${signedQuery}\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
  const headers = {
    "Content-Type": "application/json",
    "X-Api-ClientID": env("KINGDEE_CLIENT_ID"),
    "X-Api-Auth-Version": "2.0",
    "X-Api-TimeStamp": timestamp,
    "X-Api-Nonce": nonce,
    "X-Api-SignHeaders": "X-Api-TimeStamp,X-Api-Nonce",
    "X-Api-Signature": signature(env("KINGDEE_CLIENT_SECRET"), text),
  };
  if (token) {
    headers["app-token"] = token;
    headers["X-GW-Router-Addr"] = env("KINGDEE_DOMAIN");
  }
  const qs = Object.keys(query).length ? `?${new URLSearchParams(query)}` : "";
  return send(method, `${BASE.replace(/\/$/, "")}${path}${qs}`, headers, body);
}

/** app_signature = Base64(lower-hex(HMAC-SHA256(app_secret, app_key))). */
function tokenQuery() {
  const appKey = env("KINGDEE_APP_KEY");
  return { app_key: appKey, app_signature: signature(env("KINGDEE_APP_SECRET"), appKey) };
}

/** KINGDEE_APP_TOKEN, or a fresh one from KINGDEE_APP_KEY and KINGDEE_APP_SECRET. */
async function appToken() {
  if (optional("KINGDEE_APP_TOKEN")) return optional("KINGDEE_APP_TOKEN");
  return JSON.parse(await call("GET", TOKEN_PATH, tokenQuery(), ""))["data"]["app-token"];
}

if (PATH === TOKEN_PATH) await call(HTTP_METHOD, PATH, tokenQuery(), BODY);
else if (PATH.startsWith("/jdyconnector/")) await call(HTTP_METHOD, PATH, QUERY, BODY);
else await call(HTTP_METHOD, PATH, QUERY, BODY, await appToken());
