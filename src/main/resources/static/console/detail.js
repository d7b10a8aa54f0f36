// The selected conversation: its state and routing, the actions its state allows, its messages and
// its timeline.

import { activeAgents, agentLabel, agentName } from './agents.js';
import { $, api, element, option, replaceOptions, reported, say, state, time } from './core.js';
import { renderList } from './list.js';
import { teamOptions } from './teams.js';

export async function select(id, { keepMessage = false } = {}) {
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

/** The selected conversation read again when the stream shows it changed since. */
export function selectedChanged(conversation) {
  if (state.selected?.id === conversation.id && conversation.version > state.selected.version) {
    reported(select(conversation.id, { keepMessage: true }));
  }
}

function renderDetail(conversation, messages, timeline) {
  $('detail-body').hidden = false;
  $('detail-title').textContent = conversation.visitor.name;
  const holder = conversation.assignee ? ` · ${conversation.assignee.name}` : '';
  $('detail-state').textContent = `${conversation.status.toLowerCase()}${holder}`
    + (conversation.subject ? ` · ${conversation.subject}` : '');
  const skills = conversation.requiredSkills.length ? ` · needs ${conversation.requiredSkills.join(', ')}` : '';
  $('detail-routing').textContent = `${conversation.priority.toLowerCase()} priority · `
    + `${conversation.team ? `team ${conversation.team.name}` : 'no team'}${skills}`;
  $('detail-routing').dataset.priority = conversation.priority;

  const mine = state.me.agentId !== null && conversation.assignee?.id === state.me.agentId;
  const status = conversation.status;
  $('assign-to-me').hidden = !(status === 'UNASSIGNED' && state.me.agentId !== null);
  $('assign-to-agent').hidden = status === 'ARCHIVED';
  $('agent-choice').parentElement.hidden = status === 'ARCHIVED';
  $('assign-to-agent').textContent = status === 'ASSIGNED' ? 'Transfer' : 'Assign';
  $('unassign').hidden = status !== 'ASSIGNED';
  $('archive').hidden = status === 'ARCHIVED';
  $('reopen').hidden = status !== 'ARCHIVED';
  $('transfer-to-team').hidden = status === 'ARCHIVED' || state.teams.size === 0;
  $('team-choice-label').hidden = $('transfer-to-team').hidden;
  $('reply-form').hidden = !mine;
  renderAgentChoice(conversation);
  renderTeamChoice(conversation);

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

/** Every active agent, available or not, with its counter beside its name (as in Landbot). */
export function renderAgentChoice(conversation) {
  replaceOptions($('agent-choice'), conversation.status === 'ASSIGNED' ? 'Transfer to…' : 'Assign to…',
    activeAgents().map((agent) => option(agent.id, agentLabel(agent), agent.id === conversation.assignee?.id)));
}

/** Every team; the one it already waits for cannot be chosen (that transfer would change nothing). */
export function renderTeamChoice(conversation) {
  const waitsFor = (team) => conversation.status === 'UNASSIGNED' && conversation.waitingForAgent
    && conversation.team?.id === team.id;
  replaceOptions($('team-choice'), 'Transfer to team…',
    teamOptions().map((team) => option(team.id, team.name, waitsFor(team))));
}

/**
 * An action on the selected conversation. All but an assignment are guarded by the version shown (a
 * change since is a 412): transferring or archiving what someone else just changed would undo their
 * work. An assignment needs no guard: the server never lets it take a conversation someone holds (409).
 */
export async function act(action, body) {
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
  await reported(select(conversation.id, { keepMessage: true }));
}
