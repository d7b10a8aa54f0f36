import createClient, { type Client, type Middleware } from "openapi-fetch";
import { check, checkEqual, fail, present, show } from "./checks.js";
import type { components, paths } from "../generated/inbox-api.js";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
export type InboxClient = Client<paths>;

/** One call the walkthrough made: the document's operation (method and path template) and what came back. */
export interface Call {
  caller: string;
  method: string;
  path: string;
  status: number;
  /** Prism's report of where the request or response left the document (its sl-violations header), when proxied. */
  violations: unknown[];
}

/** Every call made through the clients of this walkthrough, in order. */
export const calls: Call[] = [];

/**
 * A client speaking as one caller (the admin, an agent, an API key): every call is recorded with
 * the operation it named, and with the violations a validating proxy in front reported.
 */
export function clientFor(baseUrl: string, caller: string, token: string): InboxClient {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
  client.use({
    onResponse({ request, response, schemaPath }) {
      record(caller, request, response, schemaPath);
      return undefined;
    },
  });
  return client;
}

/** One call made, with what a validating proxy in front said of it. */
function record(caller: string, request: Request, response: Response, schemaPath: string): void {
  calls.push({
    caller,
    method: request.method,
    path: schemaPath,
    status: response.status,
    violations: violationsIn(response.headers.get("sl-violations")),
  });
}

/**
 * A client speaking as a person signed in to the console: no token, the cookies the service sets
 * (the session's, XSRF-TOKEN) sent back as a browser would, and the X-XSRF-TOKEN header on every
 * change, as the console sends it. The jar is the caller's to read (a test keeps a copy of a cookie).
 */
export function cookieClientFor(baseUrl: string, caller: string, jar = new Map<string, string>()): InboxClient {
  const client = createClient<paths>({ baseUrl });
  const cookies: Middleware = {
    onRequest({ request }) {
      if (jar.size > 0) {
        request.headers.set("Cookie", [...jar].map(([name, value]) => `${name}=${value}`).join("; "));
      }
      const csrf = jar.get("XSRF-TOKEN");
      if (csrf !== undefined && request.method !== "GET") {
        request.headers.set("X-XSRF-TOKEN", csrf);
      }
      return request;
    },
    onResponse({ request, response, schemaPath }) {
      // a proxy may fold several Set-Cookie headers into one, comma-separated (Prism does): unfolded here
      const setCookies = response.headers.getSetCookie().flatMap((header) => header.split(/,(?=\s*[^;,=\s]+=)/));
      for (const header of setCookies) {
        const [pair = "", ...attributes] = header.split(";");
        const separator = pair.indexOf("=");
        const name = pair.slice(0, separator).trim();
        const value = pair.slice(separator + 1).trim();
        const expired = value === "" || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
        if (expired) {
          jar.delete(name);
        } else {
          jar.set(name, value);
        }
      }
      record(caller, request, response, schemaPath);
      return undefined;
    },
  };
  client.use(cookies);
  return client;
}

function violationsIn(header: string | null): unknown[] {
  if (header === null) {
    return [];
  }
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    return [header]; // "Too many violations! ..." is cut JSON
  }
}

/** What openapi-fetch answers: the body of a documented success, or of a documented error. */
type Outcome<Data, Failure> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: Failure; response: Response };

/**
 * The body of a success with the status the contract names (201 on creation): read from the
 * response, whatever statuses the document lists.
 */
export function succeeded<Data, Failure>(outcome: Outcome<Data, Failure>, status: number, what: string): NonNullable<Data> {
  finished(outcome, status, what);
  return present(outcome.data, `${what}: body`);
}

/** A success with the status the contract names and no body to read (204 on delete). */
export function finished<Data, Failure>(outcome: Outcome<Data, Failure>, status: number, what: string): void {
  const { response } = outcome;
  if (outcome.error !== undefined || response.status !== status) {
    fail(`${what}: expected ${status}, got ${response.status} ${show(outcome.error ?? outcome.data)}`);
  }
}

/**
 * An RFC 9457 problem with the expected status and type, read as the document's Problem: the
 * failure a client shows its user.
 */
export function refused<Data, Failure extends Problem>(
  outcome: Outcome<Data, Failure>,
  status: number,
  type: string,
  what: string,
): Failure {
  const { response } = outcome;
  checkEqual(response.status, status, `${what}: status`);
  checkEqual(response.headers.get("Content-Type"), "application/problem+json", `${what}: content type`);
  const problem = present(outcome.error, `${what}: problem document`);
  checkEqual(problem.status, status, `${what}: the problem's status`);
  const problemType = present(problem.type, `${what}: the problem's type`);
  check(problemType.endsWith(`/problems/${type}`), `${what}: the problem's type is ${problemType}, expected .../problems/${type}`);
  present(problem.title, `${what}: the problem's title`);
  return problem;
}
