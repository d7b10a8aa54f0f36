// The agents: the header's own counter and availability, the Agents section, and the admin's choice
// of whom the list's Assign buttons give a conversation to. All of it follows the stream's agents.

import { $, api, element, option, replaceOptions, state } from './core.js';

export async function loadAgents() {
  const page = await api('GET', '/agents');
  state.agents.clear();
  page.items.forEach((agent) => state.agents.set(agent.id, agent));
}

/** An agent as an event shows it: the fields it carries replace ours. */
export function agentChanged(agent) {
  const known = state.agents.get(agent.id) || {};
  const merged = { ...known, ...agent };
  if (merged.active === false) {
    state.agents.delete(agent.id);
  } else {
    state.agents.set(agent.id, merged);
  }
}

/** Every active agent, by name. */
export function activeAgents() {
  return [...state.agents.values()].filter((agent) => agent.active !== false)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function agentName(agentId) {
  return state.agents.get(agentId)?.name || `agent ${agentId}`;
}

function presence(agent) {
  return agent.present ? 'present' : 'not present';
}

/** An agent in a drop-down: name, availability, presence and the counter of what it manages now. */
export function agentLabel(agent) {
  return `${agent.name} (${agent.availability.toLowerCase()}, ${presence(agent)}) · ${agent.activeConversations}`;
}

/** Everything that shows agents and does not depend on the conversation selected. */
export function renderAgents() {
  renderMe();
  const agents = activeAgents();
  // every active agent, available or not, with its counter beside its name (as in Landbot)
  $('agents').replaceChildren(...agents.map((agent) => {
    const item = element('li', null, 'agent');
    item.dataset.agentId = String(agent.id);
    item.dataset.availability = agent.availability;
    item.dataset.present = String(Boolean(agent.present));
    const you = agent.id === state.me.agentId ? ' (you)' : '';
    item.append(element('span', agent.name + you, 'agent-name'),
      element('span', 'conversations managed now:', 'visually-hidden'),
      element('span', String(agent.activeConversations), 'counter'),
      element('span', agent.availability.toLowerCase(), 'availability'),
      element('span', presence(agent), 'presence'));
    return item;
  }));
  if (agents.length === 0) {
    $('agents').append(element('li', 'No agents yet.', 'empty'));
  }
  // the admin (or a partner's key) holds no conversations: its Assign buttons give them to the agent chosen here
  $('assign-as-label').hidden = state.me.agentId !== null;
  replaceOptions($('assign-as'), 'Choose an agent…', agents.map((agent) => option(agent.id, agentLabel(agent))));
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
