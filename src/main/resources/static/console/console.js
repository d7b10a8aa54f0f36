// The inbox console: plain modules, no build step. Everything from visitors and partners goes into
// the page as text (textContent), never as markup. The token lives in sessionStorage only: never in
// a URL, never logged.

const API = '/api/v1';
const TOKEN_KEY = 'inbox.token';
const PAGE = 25;

const state = {
  token: sessionStorage.getItem(TOKEN_KEY),
  me: null,               // {role, agentId}
  folder: 'unassigned',
  conversations: [],      // the folder's loaded pages, in order
  nextCursor: null,
  selected: null,         // the selected conversation as last read
  agents: new Map(),      // id -> agent, updated by the stream
  stream: null,           // AbortController of the live stream
  lastEventId: null,
};

const $ = (id) => document.getElementById(id);

/** A problem document (RFC 9457) turned into an error a person can read. */
class Problem extends Error {
  constructor(status, body) {
    super((body && (body.detail || body.title)) || `The server answered ${status}.`);
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, { body, headers = {} } = {}) {
  const response = await fetch(API + path, {
    method,
    headers: {
      Authorization: `Bearer ${state.token}`,
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

function say(text, kind = 'error') {
  const box = $('message');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => { box.hidden = true; }, 8000);
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = text;
  }
  if (className) {
    node.className = className;
  }
  return node;
}

// ---- signing in and out ----

async function signIn(token) {
  state.token = token;
  try {
    state.me = await api('GET', '/me');
  } catch (problem) {
    state.token = null;
    say(problem.status === 401 ? 'That token is not valid.' : problem.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('sign-in').hidden = true;
  $('inbox').hidden = false;
  $('me').hidden = false;
  await Promise.all([loadAgents(), loadCounts(), loadFolder(state.folder)]);
  renderMe();
  openStream();
}

/** Everything shown, read again: after a gap in the events nothing else brings it up to date. */
function reload() {
  Promise.all([loadAgents(), loadCounts(), loadFolder(state.folder)])
    .then(renderMe)
    .catch((problem) => say(problem.message));
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  if (state.stream) {
    state.stream.abort();
  }
  Object.assign(state, { token: null, me: null, selected: null, conversations: [], stream: null, lastEventId: null });
  state.agents.clear();
  $('inbox').hidden = true;
  $('me').hidden = true;
  $('sign-in').hidden = false;
  $('token').value = '';
  $('token').focus();
}

function renderMe() {
  const mine = state.me.agentId === null ? null : state.agents.get(state.me.agentId);
  $('me-name').textContent = mine ? mine.name : state.me.role.toLowerCase();
  $('me-counter').textContent = mine ? String(mine.activeConversations) : '';
  $('me-counter').hidden = !mine;
  $('me-availability-label').hidden = !mine;
  if (mine) {
    $('me-availability').value = mine.availability;
  }
}

// ---- agents ----

async function loadAgents() {
  const page = await api('GET', '/agents');
  state.agents.clear();
  page.items.forEach((agent) => state.agents.set(agent.id, agent));
}

/** An agent as an event shows it: the fields it carries replace ours. */
function agentChanged(agent) {
  const known = state.agents.get(agent.id) || {};
  const merged = { ...known, ...agent };
  if (merged.active === false) {
    state.agents.delete(agent.id);
  } else {
    state.agents.set(agent.id, merged);
  }
}

function agentName(agentId) {
  return state.agents.get(agentId)?.name || `agent ${agentId}`;
}

function agentLabel(agent) {
  const presence = agent.present ? ', connected' : '';
  return `${agent.name} (${agent.availability.toLowerCase()}${presence}) · ${agent.activeConversations}`;
}

// ---- folders and the list ----

async function loadCounts() {
  showCounts(await api('GET', '/conversations/counts'));
}

function showCounts(counts) {
  for (const [folder, count] of Object.entries(counts)) {
    const badge = document.querySelector(`[data-count="${folder}"]`);
    if (badge) {
      badge.textContent = String(count);
    }
  }
}

async function loadFolder(folder, more = false) {
  state.folder = folder;
  const cursor = more && state.nextCursor ? `&cursor=${encodeURIComponent(state.nextCursor)}` : '';
  const page = await api('GET', `/conversations?folder=${folder}&limit=${PAGE}${cursor}`);
  state.conversations = more ? state.conversations.concat(page.items) : page.items;
  state.nextCursor = page.nextCursor;
  renderList();
}

function renderList() {
  document.querySelectorAll('#folders button').forEach((button) => {
    button.setAttribute('aria-current', String(button.dataset.folder === state.folder));
  });
  $('list-title').textContent = document.querySelector(`[data-folder="${state.folder}"]`).firstChild.textContent.trim();
  const list = $('conversations');
  list.replaceChildren(...state.conversations.map((conversation) => {
    const item = element('li');
    const button = element('button', null, 'conversation');
    button.type = 'button';
    button.dataset.id = conversation.id;
    button.setAttribute('aria-current', String(state.selected?.id === conversation.id));
    button.append(element('span', conversation.visitor.name, 'visitor'),
      element('span', conversation.channel || '', 'channel'),
      element('span', conversation.assignee ? conversation.assignee.name : 'unassigned', 'assignee'),
      element('span', time(conversation.lastMessageAt || conversation.updatedAt), 'when'));
    button.addEventListener('click', () => select(conversation.id).catch((problem) => say(problem.message)));
    item.append(button);
    return item;
  }));
  if (state.conversations.length === 0) {
    list.append(element('li', 'No conversations here.', 'empty'));
  }
  $('load-more').hidden = !state.nextCursor;
}

/** Whether a conversation in this state belongs in the folder shown. */
function inFolder(conversation, folder) {
  return folder === 'all' || conversation.status.toLowerCase() === folder;
}

/** A change seen on the stream: the list shows it without a reload. */
function conversationChanged(conversation) {
  const at = state.conversations.findIndex((shown) => shown.id === conversation.id);
  const belongs = inFolder(conversation, state.folder);
  if (at >= 0 && (state.conversations[at].version ?? 0) > conversation.version) {
    return; // older than what is shown
  }
  if (at >= 0) {
    state.conversations.splice(at, 1);
  }
  if (belongs) {
    // Unassigned is the queue, oldest waiting first; the other folders are most recently updated first
    if (state.folder === 'unassigned') {
      state.conversations.push(conversation);
      state.conversations.sort((a, b) => (a.waitingSince || '').localeCompare(b.waitingSince || '') || a.id - b.id);
    } else {
      state.conversations.unshift(conversation);
    }
  }
  renderList();
  if (state.selected?.id === conversation.id && conversation.version > state.selected.version) {
    select(conversation.id, { keepMessage: true }).catch((problem) => say(problem.message));
  }
}

// ---- the selected conversation ----

async function select(id, { keepMessage = false } = {}) {
  if (!keepMessage) {
    $('message').hidden = true;
  }
  const [conversation, messages, timeline] = await Promise.all([
    api('GET', `/conversations/${id}`),
    api('GET', `/conversations/${id}/messages?limit=100`),
    api('GET', `/conversations/${id}/events?limit=100`),
  ]);
  state.selected = conversation;
  renderDetail(conversation, messages.items, timeline.items);
  renderList();
}

function renderDetail(conversation, messages, timeline) {
  $('detail-body').hidden = false;
  $('detail-title').textContent = conversation.visitor.name;
  const holder = conversation.assignee ? ` · ${conversation.assignee.name}` : '';
  $('detail-state').textContent = `${conversation.status.toLowerCase()}${holder}`
    + (conversation.subject ? ` · ${conversation.subject}` : '');

  const mine = state.me.agentId !== null && conversation.assignee?.id === state.me.agentId;
  const status = conversation.status;
  $('assign-to-me').hidden = !(status === 'UNASSIGNED' && state.me.agentId !== null);
  $('assign-to-agent').hidden = status === 'ARCHIVED';
  $('agent-choice').parentElement.hidden = status === 'ARCHIVED';
  $('assign-to-agent').textContent = status === 'ASSIGNED' ? 'Transfer' : 'Assign';
  $('unassign').hidden = status !== 'ASSIGNED';
  $('archive').hidden = status === 'ARCHIVED';
  $('reopen').hidden = status !== 'ARCHIVED';
  $('reply-form').hidden = !mine;
  renderAgentChoice(conversation);

  $('messages').replaceChildren(...messages.map((message) => {
    const item = element('li', null, `message-${message.author.toLowerCase()}`);
    const who = message.author === 'AGENT' ? (state.agents.get(message.agentId)?.name || 'Agent')
      : message.author === 'BOT' ? 'Bot' : conversation.visitor.name;
    item.append(element('span', who, 'author'), element('span', time(message.createdAt), 'when'),
      element('p', message.text));
    return item;
  }));
  if (messages.length === 0) {
    $('messages').append(element('li', 'No messages yet.', 'empty'));
  }
  $('timeline').replaceChildren(...timeline.map((entry) => {
    const agent = entry.agentId ? ` → ${agentName(entry.agentId)}` : '';
    const actor = entry.actor.startsWith('agent:') ? agentName(Number(entry.actor.slice(6))) : entry.actor;
    return element('li', `${time(entry.at)} ${entry.type.toLowerCase()}${agent} (${entry.reason.toLowerCase()}, by ${actor})`);
  }));
}

function renderAgentChoice(conversation) {
  const choice = $('agent-choice');
  const chosen = choice.value;
  const agents = [...state.agents.values()].filter((agent) => agent.active !== false)
    .sort((a, b) => a.name.localeCompare(b.name));
  // every active agent, available or not, with its counter beside its name (as in Landbot)
  const prompt = element('option', conversation.status === 'ASSIGNED' ? 'Transfer to…' : 'Assign to…');
  prompt.value = '';
  choice.replaceChildren(prompt, ...agents.map((agent) => {
    const option = element('option', agentLabel(agent));
    option.value = String(agent.id);
    option.disabled = agent.id === conversation.assignee?.id;
    return option;
  }));
  choice.value = [...choice.options].some((option) => option.value === chosen && !option.disabled) ? chosen : '';
}

/**
 * An action on the selected conversation. All but an assignment are guarded by the version shown (a
 * change since is a 412): transferring or archiving what someone else just changed would undo their
 * work. An assignment needs no guard: the server never lets it take a conversation someone holds (409).
 */
async function act(action, body) {
  const conversation = state.selected;
  const guard = action === 'assign' ? {} : { 'If-Match': `W/"${conversation.version}"` };
  try {
    await api('POST', `/conversations/${conversation.id}/${action}`, { body, headers: guard });
    $('message').hidden = true;
  } catch (problem) {
    if (problem.status === 412) {
      say('This conversation changed since you opened it — reloaded. Check it and try again.');
    } else {
      say(problem.message);
    }
  }
  await select(conversation.id, { keepMessage: true }).catch((problem) => say(problem.message));
}

// ---- the live stream ----

/**
 * The event stream, read with fetch so the token goes in a header (EventSource cannot send one);
 * after a drop it reconnects and resumes right after the last event seen.
 */
async function openStream() {
  const controller = new AbortController();
  state.stream = controller;
  let wait = 250; // a stream the server ended (its timeout) is resumed at once; a failing one, ever more slowly
  while (state.stream === controller) {
    try {
      const headers = { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' };
      if (state.lastEventId) {
        headers['Last-Event-ID'] = state.lastEventId;
      }
      const response = await fetch(`${API}/events`, { headers, signal: controller.signal });
      if (response.status === 401) {
        say('Your token is no longer valid.');
        signOut();
        return;
      }
      if (response.status === 400 && state.lastEventId) {
        // a position this server never sent (its database was replaced): start over from now
        state.lastEventId = null;
        reload();
        continue;
      }
      if (!response.ok) {
        throw new Problem(response.status, null);
      }
      $('live').textContent = 'live';
      wait = 250;
      await readEvents(response.body.getReader());
    } catch (failure) {
      if (controller.signal.aborted) {
        return;
      }
      wait = Math.min(wait * 2, 5000);
    }
    $('live').textContent = 'reconnecting…';
    await new Promise((resume) => setTimeout(resume, wait));
  }
}

async function readEvents(reader) {
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { id: null, name: 'message', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith('id:')) {
          event.id = line.slice(3).trim();
        } else if (line.startsWith('event:')) {
          event.name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          event.data += line.slice(5).trim();
        }
      }
      if (event.id) {
        state.lastEventId = event.id;
        handle(event.name, JSON.parse(event.data));
      }
    }
  }
}

function handle(name, data) {
  if (name === 'stream.reset') {
    // the events since our last position are no longer kept: what we show may be stale
    reload();
    return;
  }
  (data.agents || []).forEach(agentChanged);
  if (name === 'folders.counted') {
    showCounts(data.folderCounts);
  } else if (data.conversation) {
    conversationChanged(data.conversation);
  }
  if (data.agents?.length) {
    renderMe();
    if (state.selected) {
      renderAgentChoice(state.selected);
    }
  }
}

// ---- wiring ----

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('sign-out').addEventListener('click', signOut);
  document.querySelectorAll('#folders button').forEach((button) => {
    button.addEventListener('click', () => loadFolder(button.dataset.folder).catch((problem) => say(problem.message)));
  });
  $('load-more').addEventListener('click', () => loadFolder(state.folder, true).catch((problem) => say(problem.message)));
  $('assign-to-me').addEventListener('click', () => act('assign', { agentId: state.me.agentId }));
  $('assign-to-agent').addEventListener('click', () => {
    const agentId = Number($('agent-choice').value);
    if (agentId) {
      act(state.selected.status === 'ASSIGNED' ? 'transfer' : 'assign', { agentId });
    }
  });
  $('unassign').addEventListener('click', () => act('unassign'));
  $('archive').addEventListener('click', () => act('archive'));
  $('reopen').addEventListener('click', () => act('reopen'));
  $('reply-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('reply').value.trim();
    if (!text) {
      return;
    }
    try {
      await api('POST', `/conversations/${state.selected.id}/messages`, { body: { author: 'AGENT', text } });
      $('reply').value = '';
    } catch (problem) {
      say(problem.message);
    }
    await select(state.selected.id, { keepMessage: true });
  });
  $('me-availability').addEventListener('change', async () => {
    try {
      await api('PUT', `/agents/${state.me.agentId}/availability`, { body: { availability: $('me-availability').value } });
    } catch (problem) {
      say(problem.message);
    }
  });

  if (state.token) {
    signIn(state.token);
  } else {
    $('sign-in').hidden = false;
  }
});
