// The inbox console: plain modules, no build step. This one signs in and out and wires the page;
// core.js holds what all share, agents.js, list.js, teams.js and detail.js draw their parts, and
// stream.js keeps them live.

import { loadAgents, renderAgents } from './agents.js';
import { $, api, reported, say, state, TOKEN_KEY } from './core.js';
import { act, select } from './detail.js';
import { assignFromList, loadCounts, loadFolder } from './list.js';
import { openStream } from './stream.js';
import { chooseTeam, loadTeams, renderCounts } from './teams.js';

/** Signs in with a pasted token. */
async function signInWithToken(token) {
  state.token = token;
  try {
    state.me = await api('GET', '/me');
  } catch (problem) {
    state.token = null;
    say(problem.status === 401 ? 'That token is not valid.' : problem.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  await enter();
}

/** Signs in with an email and a password: the server answers with the session's cookies. */
async function signInWithPassword(email, password) {
  try {
    await api('POST', '/sessions', { body: { email, password } });
    state.me = await api('GET', '/me');
  } catch (problem) {
    say(problem.status === 401 ? 'The email or the password is wrong.' : problem.message);
    return;
  }
  $('password').value = '';
  await enter();
}

/** A session this browser already holds (the page was reloaded): used quietly, or the sign-in form shown. */
async function resumeSession() {
  try {
    state.me = await api('GET', '/me');
  } catch (problem) {
    showSignIn();
    return;
  }
  await enter();
}

/** The invitation link's page: the agent sets its password, then signs in with it. */
async function acceptInvitation(token, password, repeated) {
  if (password !== repeated) {
    say('The two passwords differ.');
    return;
  }
  try {
    await api('POST', `/invitations/${encodeURIComponent(token)}`, { body: { password } });
  } catch (problem) {
    say(problem.body && problem.body.errors && problem.body.errors.length
      ? `The password ${problem.body.errors[0].message}.` : problem.message);
    return;
  }
  history.replaceState(null, '', location.pathname); // the link is used up: out of the address bar and history
  $('invitation').hidden = true;
  say('Your password is set. Sign in with your email and it.', 'info');
  showSignIn();
}

async function enter() {
  $('sign-in').hidden = true;
  $('inbox').hidden = false;
  $('me').hidden = false;
  await readEverything();
  openStream({ reload, signOut: leave });
}

/** Everything shown, read from the server. */
async function readEverything() {
  await Promise.all([loadAgents(), loadCounts(), loadTeams(), loadFolder(state.folder)]);
  renderAgents();
  renderCounts();
}

/** Everything shown, read again: after a gap in the events nothing else brings it up to date. */
function reload() {
  reported(readEverything());
}

/** Signs out: a session ends on the server (and its streams on every instance); a token is forgotten here. */
async function signOut() {
  if (!state.token && state.me) {
    await api('DELETE', '/sessions/current').catch(() => { }); // already ended (expired, revoked): nothing to do
  }
  leave();
}

/** Back to the sign-in form, nothing of the inbox kept. */
function leave() {
  sessionStorage.removeItem(TOKEN_KEY);
  if (state.stream) {
    state.stream.abort();
  }
  Object.assign(state, { token: null, me: null, selected: null, conversations: [], stream: null, lastEventId: null, team: 'all' });
  state.agents.clear();
  state.teams.clear();
  state.counts.clear();
  $('inbox').hidden = true;
  $('me').hidden = true;
  showSignIn();
}

function showSignIn() {
  $('sign-in').hidden = false;
  // single sign-on, when the server has a provider configured
  fetch('/console/sign-in-options').then((response) => response.json()).then((options) => {
    $('sso').hidden = !options.sso;
  }).catch(() => { });
  $('token').value = '';
  $('email').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signInWithPassword($('email').value.trim(), $('password').value);
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signInWithToken($('token').value.trim());
  });
  $('invitation-form').addEventListener('submit', (event) => {
    event.preventDefault();
    acceptInvitation(location.hash.slice('#invitation='.length), $('new-password').value, $('repeat-password').value);
  });
  $('sign-out').addEventListener('click', () => reported(signOut()));
  document.querySelectorAll('#folders button').forEach((button) => {
    button.addEventListener('click', () => reported(loadFolder(button.dataset.folder).then(renderCounts)));
  });
  $('teams').addEventListener('click', (event) => {
    const button = event.target.closest('[data-team]');
    if (button) {
      reported(chooseTeam(button.dataset.team));
    }
  });
  $('conversations').addEventListener('click', (event) => {
    const assign = event.target.closest('[data-assign]');
    const conversation = event.target.closest('.conversation');
    if (assign) {
      assignFromList(Number(assign.dataset.assign));
    } else if (conversation) {
      reported(select(Number(conversation.dataset.id)));
    }
  });
  $('load-more').addEventListener('click', () => reported(loadFolder(state.folder, true)));
  $('assign-to-me').addEventListener('click', () => act('assign', { agentId: state.me.agentId }));
  $('assign-to-agent').addEventListener('click', () => {
    const agentId = Number($('agent-choice').value);
    if (agentId) {
      act(state.selected.status === 'ASSIGNED' ? 'transfer' : 'assign', { agentId });
    }
  });
  $('transfer-to-team').addEventListener('click', () => {
    const teamId = Number($('team-choice').value);
    if (teamId) {
      act('transfer', { teamId });
    } else {
      say('Choose the team to transfer to first.');
      $('team-choice').focus();
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

  if (location.hash.startsWith('#sso-error=')) {
    say(location.hash === '#sso-error=unknown-person'
      ? 'Your identity provider signed you in, but no active agent here has your email. Ask an admin.'
      : 'Single sign-on did not complete. Try again, or sign in with your password.');
    history.replaceState(null, '', location.pathname);
  }
  if (location.hash.startsWith('#invitation=')) {
    $('invitation').hidden = false;
    $('new-password').focus();
  } else if (state.token) {
    signInWithToken(state.token);
  } else {
    resumeSession();
  }
});
