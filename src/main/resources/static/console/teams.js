// The team filter: All teams, No team and each team, each with its count in the folder shown (the
// folders show the chosen team's). The stream carries the whole inbox's counts; a team's are read
// again when an event moves a conversation between folders or teams.

import { $, api, element, reported, state } from './core.js';
import { countsOf, loadFolder, showFolderCounts, teamQuery } from './list.js';

export async function loadTeams() {
  const page = await api('GET', '/teams');
  state.teams = new Map(page.items.map((team) => [team.id, team]));
  await loadTeamCounts();
  if (state.team !== 'all' && state.team !== 'none' && !state.teams.has(Number(state.team))) {
    await chooseTeam('all'); // the team shown was deleted: its conversations wait in the global queue
  }
}

async function loadTeamCounts() {
  const filters = state.teams.size === 0 ? [] : ['none', ...[...state.teams.keys()].map(String)];
  const counts = await Promise.all(filters.map((team) => api('GET', `/conversations/counts?${teamQuery(team)}`)));
  [...state.counts.keys()].filter((team) => team !== 'all').forEach((team) => state.counts.delete(team));
  filters.forEach((team, at) => state.counts.set(team, counts[at]));
  renderCounts();
}

let refreshing = null;       // the read under way, if any
let again = null;            // what was asked for while it ran: {teams} to read the teams too

/**
 * The teams' counts read again (with {teams}, the teams too), one read at a time: what is asked
 * for during a read is done once after it, however many events asked.
 */
export function refreshTeams({ teams = false } = {}) {
  if (refreshing) {
    again = { teams: teams || Boolean(again?.teams) };
    return;
  }
  refreshing = reported(teams ? loadTeams() : loadTeamCounts()).finally(() => {
    refreshing = null;
    if (again) {
      const next = again;
      again = null;
      refreshTeams(next);
    }
  });
}

/** Whether an event's conversation belongs to a team the console has not read yet. */
export function unknownTeam(conversation) {
  return Boolean(conversation.team) && !state.teams.has(conversation.team.id);
}

export async function chooseTeam(team) {
  state.team = team;
  renderCounts();
  await loadFolder(state.folder);
}

/** Every count shown: beside the folders, the chosen team's; beside the teams, the folder shown's. */
export function renderCounts() {
  showFolderCounts();
  const filters = [['all', 'All teams'], ['none', 'No team'],
    ...teamOptions().map((team) => [String(team.id), team.name])];
  const list = $('teams');
  list.parentElement.hidden = state.teams.size === 0 && state.team === 'all'; // no teams, nothing to filter by
  const drawn = [...list.querySelectorAll('[data-team]')].map((button) => [button.dataset.team, button.firstChild.textContent]);
  if (JSON.stringify(drawn) !== JSON.stringify(filters)) {
    // drawn again only when the teams changed: a count changing under a pointer or a keyboard stays put
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset.team : null;
    list.replaceChildren(...filters.map(([team, name]) => {
      const button = element('button', null, 'team-filter');
      button.type = 'button';
      button.dataset.team = team;
      button.append(element('span', name, 'team-name'), element('span', '–', 'count'));
      const item = element('li');
      item.append(button);
      return item;
    }));
    if (focused) {
      list.querySelector(`[data-team="${focused}"]`)?.focus();
    }
  }
  list.querySelectorAll('[data-team]').forEach((button) => {
    button.setAttribute('aria-current', String(button.dataset.team === state.team));
    const count = countsOf(button.dataset.team)?.[state.folder];
    button.lastChild.textContent = count === undefined ? '–' : String(count);
  });
}

/** The teams a conversation may be sent to, for the detail's drop-down. */
export function teamOptions() {
  return [...state.teams.values()].sort((a, b) => a.name.localeCompare(b.name));
}
