// The agents: the header's own counter and availability, and every agent's name, availability,
// presence and counter in the drop-downs. All of it follows the stream's agents.

import { $, api, state } from './core.js';

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

/** An agent in a drop-down: name, availability, presence and the counter of what it manages now. */
export function agentLabel(agent) {
  const presence = agent.present ? ', connected' : '';
  return `${agent.name} (${agent.availability.toLowerCase()}${presence}) · ${agent.activeConversations}`;
}

export function renderMe() {
  const mine = state.me.agentId === null ? null : state.agents.get(state.me.agentId);
  $('me-name').textContent = mine ? mine.name : state.me.role.toLowerCase();
  $('me-counter').textContent = mine ? String(mine.activeConversations) : '';
  $('me-counter').hidden = !mine;
  $('me-availability-label').hidden = !mine;
  if (mine) {
    $('me-availability').value = mine.availability;
  }
}
