import { type Attributes, type AttributeValue } from "@opentelemetry/api";
import {
  ACTIVATION_TOKEN_PREFIX,
  API_KEY_PREFIX,
  SESSION_TOKEN_PREFIX,
} from "../modules/auth/tokens.js";

// Attributes that could carry personal data or secrets: client addresses, and query strings
// (activation links carry their token in one).
const DROPPED = new Set([
  "client.address",
  "http.client_ip",
  "net.peer.ip",
  "net.sock.peer.addr",
  "network.peer.address",
  "url.query",
  "http.user_agent",
  "user_agent.original",
]);
const URLS = new Set(["http.target", "http.url", "url.full", "url.path"]);
// Our tokens (sessions, API keys, activation) and anything shaped like an email address.
const SECRET = new RegExp(
  `(?:${[SESSION_TOKEN_PREFIX, API_KEY_PREFIX, ACTIVATION_TOKEN_PREFIX].join("|")})[A-Za-z0-9_-]{8,}|[^\\s@"'<>]+@[^\\s@"'<>]+\\.[A-Za-z]{2,}`,
  "g",
);

export function scrubText(text: string): string {
  return text.replace(SECRET, "[redacted]");
}

function scrubValue(value: AttributeValue): AttributeValue {
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value))
    return (value as readonly unknown[]).map((item) =>
      typeof item === "string" ? scrubText(item) : item,
    );
  return value;
}

/** A span's attributes as they may leave the process. */
export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || DROPPED.has(key)) continue;
    out[key] =
      URLS.has(key) && typeof value === "string" ? value.split("?")[0]! : scrubValue(value);
  }
  return out;
}
