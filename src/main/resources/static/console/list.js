// The folders and the conversation list.

import { $, api, element, state, time } from './core.js';

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
    return item;
  }));
  if (state.conversations.length === 0) {
    list.append(element('li', 'No conversations here.', 'empty'));
  }
  $('load-more').hidden = !state.nextCursor;
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
