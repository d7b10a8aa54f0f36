// The folders and the conversation list, with an Assign button beside each waiting contact.

import { $, api, element, say, state, time } from './core.js';

const PAGE = 25;

export async function loadCounts() {
  showCounts(await api('GET', '/conversations/counts'));
}

export function showCounts(counts) {
  for (const [folder, count] of Object.entries(counts)) {
    const badge = document.querySelector(`[data-count="${folder}"]`);
    if (badge) {
      badge.textContent = String(count);
    }
  }
}

export async function loadFolder(folder, more = false) {
  state.folder = folder;
  const cursor = more && state.nextCursor ? `&cursor=${encodeURIComponent(state.nextCursor)}` : '';
  const page = await api('GET', `/conversations?folder=${folder}&limit=${PAGE}${cursor}`);
  state.conversations = more ? state.conversations.concat(page.items) : page.items;
  state.nextCursor = page.nextCursor;
  renderList();
}

export function renderList() {
  document.querySelectorAll('#folders button').forEach((button) => {
    button.setAttribute('aria-current', String(button.dataset.folder === state.folder));
  });
  $('list-title').textContent = document.querySelector(`[data-folder="${state.folder}"]`).firstChild.textContent.trim();
  const list = $('conversations');
  const focused = list.contains(document.activeElement) ? document.activeElement.dataset : null;
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

/** Whether a conversation in this state belongs in the list shown. */
function shown(conversation) {
  return state.folder === 'all' || conversation.status.toLowerCase() === state.folder;
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
