// Raw HTTP for the hardening and visibility suites: requests the harness's `gql` cannot make
// (other methods, content types, headers, bodies) and helpers to read GraphQL answers.
import { request as httpRequest } from "node:http";

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLBody {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response shapes freely
  data?: Record<string, any> | null;
  errors?: GraphQLError[];
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or null when it is not JSON. */
  body: GraphQLBody | null;
}

/** fetch, with the body read as text and, when it is JSON, parsed. */
export async function send(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: GraphQLBody | null;
  try {
    body = JSON.parse(text) as GraphQLBody;
  } catch {
    body = null;
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** POSTs `payload` as JSON (any shape: an array, extensions, an oversized variables object). */
export function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
}

/** A GraphQL POST with an optional bearer token. */
export function postQuery(
  url: string,
  query: string,
  token?: string,
  variables?: Record<string, unknown>,
): Promise<RawResponse> {
  return postJson(url, { query, variables }, token ? { authorization: `Bearer ${token}` } : {});
}

/** A GraphQL GET: `params` go in the query string. */
export function getQuery(
  url: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(`${url}?${new URLSearchParams(params).toString()}`, { method: "GET", headers });
}

/** The `extensions.code` of every error in the answer. */
export function errorCodes(res: RawResponse | { body: GraphQLBody | null }): string[] {
  return (res.body?.errors ?? []).map((error) => String(error.extensions?.code));
}

/**
 * One GET on a fresh TCP connection (fetch's keep-alive pool could reuse a socket that was open
 * before): resolves with the status, rejects with the socket error (ECONNREFUSED once closed).
 */
export function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "GET", agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** Stringified, for "does this text appear anywhere in the answer" checks. */
export function bodyText(res: { body: unknown }): string {
  return JSON.stringify(res.body);
}

/**
 * One JSON POST on a fresh connection whose client end is bound to `localAddress` (any
 * 127.x.y.z works on Linux): the server sees a different remote address, as it would for
 * another client machine.
 */
export function postFrom(
  localAddress: string,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent: false,
        localAddress,
        timeout: 10_000,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers))
            if (typeof value === "string") headers.set(name, value);
          let parsed: RawResponse["body"];
          try {
            parsed = JSON.parse(text) as RawResponse["body"];
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, headers, text, body: parsed });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(body);
  });
}
