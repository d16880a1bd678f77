const BASE = process.env.WDT_BASE || {{BASE}};
const API_METHOD = {{METHOD}};
// The JSON array of the method's arguments: signed and sent byte for byte.
const BODY = {{BODY}};
const PAGE = JSON.parse({{PAGE}});

/** 旺店通: secret + key+value over the parameters sorted by key (body included) + secret,
 * MD5, lower hex. */
function sign(params, secret) {
  const text = Object.keys(params).sort().map((k) => k + params[k]).join("");
  return crypto.createHash("md5").update(secret + text + secret, "utf8").digest("hex");
}

// The console's appsecret reads secret:salt; split at the first colon.
const appsecret = env("WDT_APPSECRET");
const colon = appsecret.indexOf(":");
if (colon < 0) {
  console.error("WDT_APPSECRET must read secret:salt");
  process.exit(2);
}
const [secret, salt] = [appsecret.slice(0, colon), appsecret.slice(colon + 1)];
const params = {
  sid: env("WDT_SID"),
  key: env("WDT_APPKEY"),
  salt,
  method: API_METHOD,
  v: "1.0",
  // Seconds since 2012-01-01 00:00:00 Beijing time (Unix 1325347200).
  timestamp: String(Math.floor(Date.now() / 1000) - 1325347200),
  ...PAGE,
};
params.sign = sign({ ...params, body: BODY }, secret);
await send("POST", `${BASE}?${new URLSearchParams(params)}`, { "Content-Type": "application/json" }, BODY);
