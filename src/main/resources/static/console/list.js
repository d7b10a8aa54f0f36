// The folders and the conversation list, filtered by the team chosen; an Assign button beside each
// waiting contact.

import { $, api, element, say, state, time } from './core.js';

const PAGE = 25;
const FOLDERS = ['unassigned', 'assigned', 'archived', 'all'];

/** The whole inbox's counts, which the stream's folders.counted keeps exact afterwards. */
export async function loadCounts() {
  state.counts.set('all', await api('GET', '/conversations/counts'));
}

/** A team filter's folder counts, if known; without teams every conversation has none. */
export function countsOf(team) {
  return state.counts.get(team === 'none' && state.teams.size === 0 ? 'all' : team);
}

/** The counts beside the folders: the chosen team's. */
export function showFolderCounts() {
  const counts = countsOf(state.team);
  for (const folder of FOLDERS) {
    document.querySelector(`[data-count="${folder}"]`).textContent = counts ? String(counts[folder]) : '–';
  }
}

/** The query that narrows a list or counts to the team chosen. */
export function teamQuery(team = state.team) {
  return team === 'all' ? '' : `teamId=${encodeURIComponent(team)}`;
}

export async function loadFolder(folder, more = false) {
  state.folder = folder;
  const cursor = more && state.nextCursor ? `&cursor=${encodeURIComponent(state.nextCursor)}` : '';
  const team = teamQuery() ? `&${teamQuery()}` : '';
  const page = await api('GET', `/conversations?folder=${folder}&limit=${PAGE}${team}${cursor}`);
  state.conversations = more ? state.conversations.concat(page.items) : page.items;
  state.nextCursor = page.nextCursor;
  renderList();
}

function listTitle() {
  const folder = document.querySelector(`[data-folder="${state.folder}"]`).firstChild.textContent.trim();
  if (state.team === 'all') {
    return folder;
  }
  return `${folder} · ${state.team === 'none' ? 'no team' : state.teams.get(Number(state.team))?.name || 'team'}`;
}

export function renderList() {
  document.querySelectorAll('#folders button').forEach((button) => {
    button.setAttribute('aria-current', String(button.dataset.folder === state.folder));
  });
  $('list-title').textContent = listTitle();
  const list = $('conversations');
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset : null;
  list.replaceChildren(...state.conversations.map((conversation) => {
    const item = element('li');
    const button = element('button', null, 'conversation');
    button.type = 'button';
    button.dataset.id = conversation.id;
    button.setAttribute('aria-current', String(state.selected?.id === conversation.id));
    const priority = element('span', conversation.priority.toLowerCase(), 'priority');
    priority.dataset.priority = conversation.priority;
    button.append(element('span', conversation.visitor.name, 'visitor'),
      element('span', conversation.channel || '', 'channel'),
      element('span', conversation.assignee ? conversation.assignee.name : 'unassigned', 'assignee'),
      element('span', time(conversation.lastMessageAt || conversation.updatedAt), 'when'),
      priority,
      element('span', conversation.team?.name || '', 'team'));
    item.append(button);
    if (conversation.status === 'UNASSIGNED') {
      const assign = element('button', 'Assign', 'assign-here');
      assign.type = 'button';
      assign.dataset.assign = conversation.id;
      assign.setAttribute('aria-label', `Assign ${conversation.visitor.name}`);
      item.append(assign);
    }
    return item;
  }));
  if (state.conversations.length === 0) {
    list.append(element('li', 'No conversations here.', 'empty'));
  }
  $('load-more').hidden = !state.nextCursor;
  if (focused) {
    // a keyboard's place survives the list drawn again by an event
    const again = (focused.assign && list.querySelector(`[data-assign="${focused.assign}"]`))
      || list.querySelector(`[data-id="${focused.assign || focused.id}"]`);
    again?.focus();
  }
}

/** Whether a conversation in this state, with this team, belongs in the list shown. */
function shown(conversation) {
  const inFolder = state.folder === 'all' || conversation.status.toLowerCase() === state.folder;
  const inTeam = state.team === 'all'
    || (state.team === 'none' ? !conversation.team : String(conversation.team?.id) === state.team);
  return inFolder && inTeam;
}

/** A change seen on the stream: the list shows it without a reload. */
export function conversationChanged(conversation) {
  const at = state.conversations.findIndex((listed) => listed.id === conversation.id);
  if (at >= 0 && (state.conversations[at].version ?? 0) > conversation.version) {
    return; // older than what is shown
  }
  if (at >= 0) {
    state.conversations.splice(at, 1);
  }
  if (shown(conversation)) {
    // Unassigned is the queue, oldest waiting first; the other folders are most recently updated first
    if (state.folder === 'unassigned') {
      state.conversations.push(conversation);
      state.conversations.sort((a, b) => (a.waitingSince || '').localeCompare(b.waitingSince || '') || a.id - b.id);
    } else {
      state.conversations.unshift(conversation);
    }
  }
  renderList();
}

/**
 * The Assign button beside a waiting contact: to the agent signed in, or for the admin to the agent
 * chosen above the list. The stream then shows the change in every window.
 */
export async function assignFromList(conversationId) {
  const agentId = state.me.agentId ?? Number($('assign-as').value);
  if (!agentId) {
    say('Choose the agent to assign to first.');
    $('assign-as').focus();
    return;
  }
  try {
    await api('POST', `/conversations/${conversationId}/assign`, { body: { agentId } });
    $('message').hidden = true;
  } catch (problem) {
    say(problem.message);
  }
}
