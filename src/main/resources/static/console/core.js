// What every part of the console shares: its state, the API and how text reaches the page.
// Everything from visitors and partners goes into the page as text (textContent), never as markup.
// A person signed in with a password holds a session cookie the page cannot read; its changes carry
// the XSRF-TOKEN cookie's value in X-XSRF-TOKEN. A pasted token lives in sessionStorage only: never
// in a URL, never logged.

const API = '/api/v1';
export const TOKEN_KEY = 'inbox.token';

export const state = {
  token: sessionStorage.getItem(TOKEN_KEY), // null when signed in with a session (or not at all)
  me: null,               // {role, agentId}
  folder: 'unassigned',
  team: 'all',            // the team filter: 'all', 'none' (no team) or a team's id
  conversations: [],      // the folder's loaded pages, in order
  nextCursor: null,
  selected: null,         // the selected conversation as last read
  agents: new Map(),      // id -> agent, updated by the stream
  teams: new Map(),       // id -> team
  counts: new Map(),      // team filter -> its folder counts ('all' from the stream's folders.counted)
  stream: null,           // AbortController of the live stream
  lastEventId: null,
};

export const $ = (id) => document.getElementById(id);

/** A problem document (RFC 9457) turned into an error a person can read. */
export class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

/** How this page proves who it is: the pasted token, else the session's cookie and, for a change, its CSRF token. */
function credentials(method) {
  if (state.token) {
    return { Authorization: `Bearer ${state.token}` };
  }
  const csrf = document.cookie.split('; ').find((cookie) => cookie.startsWith('XSRF-TOKEN='));
  return method === 'GET' || !csrf ? {} : { 'X-XSRF-TOKEN': decodeURIComponent(csrf.slice('XSRF-TOKEN='.length)) };
}

export async function api(method, path, { body, headers = {} } = {}) {
  const response = await fetch(API + path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...credentials(method),
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Problem(response.status, json);
  }
  return json;
}

/** The event stream's response: a token goes in a header, which EventSource cannot send. */
export function eventStream(lastEventId, signal) {
  const headers = { ...credentials('GET'), Accept: 'text/event-stream' };
  if (lastEventId) {
    headers['Last-Event-ID'] = lastEventId;
  }
  return fetch(`${API}/events`, { headers, signal, credentials: 'same-origin' });
}

export function say(text, kind = 'error') {
  const box = $('message');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

/** A promise whose failure is shown in the server's words. */
export function reported(promise) {
  return promise.catch((problem) => say(problem.message));
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

/** A select's options replaced, keeping the choice when it is still there and may be chosen. */
export function replaceOptions(select, prompt, options) {
  const chosen = select.value;
  const first = element('option', prompt);
  first.value = '';
  select.replaceChildren(first, ...options);
  select.value = options.some((option) => option.value === chosen && !option.disabled) ? chosen : '';
}

export function option(value, text, disabled = false) {
  const node = element('option', text);
  node.value = String(value);
  node.disabled = disabled;
  return node;
}
