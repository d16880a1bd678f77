#!/usr/bin/env node
// countersign export: {{TITLE}}
// Builds, signs and sends this request with Node.js 18+ built-ins only (crypto, fetch).
// {{CREDENTIALS_NOTE}}
//   {{ENV_HELP}}
import crypto from "node:crypto";

// The mock's public demo credentials, for an export made in Mock; empty otherwise.
const DEFAULTS = JSON.parse({{DEFAULTS}});

/** The environment's value, else the default, else empty. */
function optional(name) {
  return process.env[name] || DEFAULTS[name] || "";
}

function env(name) {
  const value = optional(name);
  if (value === "") {
    console.error(`set the environment variable ${name}`);
    process.exit(2);
  }
  return value;
}

/** Sends the request and prints the status and the answer. */
async function send(method, url, headers, body) {
  const response = await fetch(url, { method, headers, body: body || undefined, redirect: "manual" });
  const text = await response.text();
  console.log(response.status);
  console.log(text);
  return text;
}

