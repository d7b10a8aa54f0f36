// The live stream: every change anyone makes reaches the page through it; the console does not poll.

import { agentChanged, renderAgents } from './agents.js';
import { $, eventStream, Problem, say, state } from './core.js';
import { renderAgentChoice, selectedChanged } from './detail.js';
import { conversationChanged } from './list.js';
import { refreshTeams, renderCounts, unknownTeam } from './teams.js';

/**
 * The event stream, read with fetch so the token goes in a header; after a drop it reconnects and
 * resumes right after the last event seen. `reload` reads everything shown again (after a gap nothing
 * else brings it up to date); `signOut` follows a token no longer valid.
 */
export async function openStream({ reload, signOut }) {
  const controller = new AbortController();
  state.stream = controller;
  let wait = 250; // a stream the server ended (its timeout) is resumed at once; a failing one, ever more slowly
  while (state.stream === controller) {
    try {
      const response = await eventStream(state.lastEventId, controller.signal);
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
      await readEvents(response.body.getReader(), reload);
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

async function readEvents(reader, reload) {
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
        if (event.name === 'stream.reset') {
          reload(); // the events since our last position are no longer kept: what we show may be stale
        } else {
          shown(event.name, JSON.parse(event.data));
        }
      }
    }
  }
}

/** An event on the page: the list, the counts, the agents and the selected conversation. */
function shown(name, data) {
  (data.agents || []).forEach(agentChanged);
  if (name === 'folders.counted') {
    // sent first on every connection and after every batch that moved a folder: the teams' counts too
    state.counts.set('all', data.folderCounts);
    renderCounts();
    refreshTeams();
  } else if (data.conversation) {
    conversationChanged(data.conversation);
    selectedChanged(data.conversation);
    // a move between teams leaves the folders as they were (a deleted team's are routed, so read the teams too)
    const routed = name === 'conversation.routed';
    if (routed || name === 'conversation.transferred' || unknownTeam(data.conversation)) {
      refreshTeams({ teams: routed || unknownTeam(data.conversation) });
    }
  }
  if (data.agents?.length) {
    renderAgents();
    if (state.selected) {
      renderAgentChoice(state.selected);
    }
  }
}
