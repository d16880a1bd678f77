const GATEWAY = process.env.TAOBAO_GATEWAY || {{GATEWAY}};
const API_METHOD = {{METHOD}};
const SIGN_METHOD = {{SIGN_METHOD}};
// Optional system parameters (partner_id, simplify, target_app_key).
const EXTRA_SYSTEM = JSON.parse({{EXTRA_SYSTEM}});
// Business parameters, sent in the form body exactly as written here.
const PARAMS = JSON.parse({{PARAMS}});

/** The gateway wants Beijing time (GMT+8) whatever this machine's zone. */
function beijingTime() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 19).replace("T", " ");
}

/** Taobao TOP: parameters sorted by key, key+value joined (blank values left out), then
 * MD5(secret + S + secret), HMAC-MD5 or HMAC-SHA256 keyed by the secret; upper hex. */
function sign(params, secret, signMethod) {
  const keys = Object.keys(params).filter((k) => params[k].trim() !== "");
  const text = keys.sort().map((k) => k + params[k]).join("");
  const digest = signMethod === "md5"
    ? crypto.createHash("md5").update(secret + text + secret, "utf8")
    : crypto.createHmac(signMethod === "hmac" ? "md5" : "sha256", secret).update(text, "utf8");
  return digest.digest("hex").toUpperCase();
}

const nonBlank = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v.trim() !== ""));
const system = nonBlank({
  method: API_METHOD,
  app_key: env("TAOBAO_APP_KEY"),
  timestamp: beijingTime(),
  format: "json",
  v: "2.0",
  sign_method: SIGN_METHOD,
  session: optional("TAOBAO_SESSION"),
  ...EXTRA_SYSTEM,
});
const business = nonBlank(PARAMS);
system.sign = sign({ ...system, ...business }, env("TAOBAO_APP_SECRET"), SIGN_METHOD);
await send("POST", `${GATEWAY}?${new URLSearchParams(system)}`,
  { "Content-Type": "application/x-www-form-urlencoded;charset=utf-8" }, String(new URLSearchParams(business)));
