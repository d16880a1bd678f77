#!/usr/bin/env node
// countersign export: {{TITLE}}
// Builds, signs and sends this request with Node.js 18+ built-ins only (crypto, fetch).
// Credentials are read from the environment, never written into this file:
//   {{ENV_HELP}}
import crypto from "node:crypto";

function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === "") {
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

