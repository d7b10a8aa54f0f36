/**
 * The README's walkthrough through the strict TypeScript client generated from the OpenAPI
 * document, every operation of the document at least once, errors included (404, 409, 412, 400,
 * 422 and 401 read as problems).
 *
 *   INBOX_ADMIN_TOKEN=... node dist/src/walkthrough.js http://localhost:8080
 *
 * The service is one a test started: the walkthrough changes the assignment settings (and puts them
 * back), registers a webhook to a receiver on loopback (INBOX_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true)
 * and reads event streams through whatever is in front of the service; a proxy that buffers
 * responses needs streams that end soon (INBOX_EVENTS_STREAM_TIMEOUT=PT2S). With WALKTHROUGH_REPORT
 * set it writes there every call it made (operation, status and any violations a validating proxy
 * reported in sl-violations). Exit 0 when everything held; otherwise "FAILED: <reason>" and exit 1.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { absent, check, checkEqual, fail, present, WalkthroughFailure } from "./checks.js";
import { calls, clientFor, cookieClientFor, finished, refused, succeeded, type InboxClient, type Schemas } from "./client.js";
import { readEvents, type StreamedEvent } from "./eventStream.js";
import { WebhookReceiver } from "./webhookReceiver.js";
import { folders, type Folder } from "../generated/folders.js";

type Conversation = Schemas["ConversationResponse"];

const WEBHOOK_SECRET = "whsec_4f9a1c2e7b3d8a60";
const UNKNOWN_ID = 987_654_321;

/** The folder as the document spells it (the service takes any case). */
function folder(name: "unassigned" | "assigned" | "archived" | "all"): Folder {
  const spelled = folders.find((value) => value.toLowerCase() === name);
  return present(spelled, `the document's spelling of the folder ${name} among ${folders.join(", ")}`);
}

/** The conversation a streamed change carries (folders.counted carries none). */
function conversationOf(event: StreamedEvent): Conversation | null | undefined {
  return "conversation" in event.data ? event.data.conversation : undefined;
}

function step(text: string): void {
  console.log(`ok  ${text}`);
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, patience = 10_000): Promise<T> {
  const deadline = Date.now() + patience;
  for (;;) {
    const found = await probe();
    if (found !== undefined) {
      return found;
    }
    if (Date.now() > deadline) {
      fail(`${what}: not within ${patience} ms`);
    }
    await new Promise((later) => setTimeout(later, 100));
  }
}

function etagOf(response: Response, conversation: Conversation, what: string): string {
  const etag = present(response.headers.get("ETag"), `${what}: ETag`);
  checkEqual(etag, `W/"${present(conversation.version, `${what}: version`)}"`, `${what}: ETag`);
  return etag;
}

async function walkthrough(baseUrl: string, adminToken: string): Promise<void> {
  const admin = clientFor(baseUrl, "admin", adminToken);
  const me = succeeded(await admin.GET("/api/v1/me"), 200, "GET /me as the admin");
  checkEqual(me.role, "ADMIN", "the admin's role");
  absent(me.agentId, "the admin's agentId");
  step("/me: the admin token is ADMIN, with no agent");

  // The stream's first event is the folder totals at its position: changes after it can be replayed from there.
  const opening = await readEvents(admin, "the live stream at the start", {}, (events) => events.length > 0, 20_000);
  const openingTotals = present(opening[0], "the opening event");
  checkEqual(openingTotals.name, "folders.counted", "the stream's first event");
  const startedAt = openingTotals.id;
  step(`events: a stream opens with folders.counted at ${startedAt}`);

  const settings = succeeded(await admin.GET("/api/v1/settings/assignment"), 200, "GET the assignment settings");
  const strategy = present(settings.strategy, "the strategy");
  const keptSettings = {
    autoAssignment: present(settings.autoAssignment, "autoAssignment"),
    strategy,
    reopenPolicy: present(settings.reopenPolicy, "reopenPolicy"),
    ...(settings.presence === undefined || settings.presence === null ? {} : { presence: settings.presence }),
    ...(settings.defaultCapacity === undefined || settings.defaultCapacity === null ? {} : { defaultCapacity: settings.defaultCapacity }),
    ...(settings.responseTimeout === undefined || settings.responseTimeout === null ? {} : { responseTimeout: settings.responseTimeout }),
  };
  const byHand = succeeded(await admin.PUT("/api/v1/settings/assignment", {
    body: { autoAssignment: false, strategy: "BALANCED", reopenPolicy: "QUEUE", presence: false },
  }), 200, "PUT the assignment settings");
  checkEqual(byHand.autoAssignment, false, "autoAssignment after PUT");
  absent(byHand.responseTimeout, "responseTimeout when none is set");
  step("settings: auto-assignment off while the walkthrough assigns by hand");

  // An integration partner (the web widget, a bot) gets an API key.
  const key = succeeded(await admin.POST("/api/v1/api-keys", { body: { name: "Web widget" } }), 201, "POST /api-keys");
  const keyId = present(key.id, "the key's id");
  const partner = clientFor(baseUrl, "partner", present(key.token, "the key's token, shown once"));
  const keys = succeeded(await admin.GET("/api/v1/api-keys"), 200, "GET /api-keys");
  const listedKey = present(keys.items?.find((item) => item.id === keyId), "the new key in the list");
  absent(listedKey.token, "a listed key's token");
  const partnerMe = succeeded(await partner.GET("/api/v1/me"), 200, "GET /me with the API key");
  checkEqual(partnerMe.role, "INTEGRATION", "the key's role");
  step(`api keys: "Web widget" (${keyId}) created, listed without its token, INTEGRATION`);

  const countsBefore = succeeded(await admin.GET("/api/v1/conversations/counts"), 200, "GET the counts");

  // A visitor starts a conversation through it: it lands in Unassigned; a retry returns the same one.
  const idempotencyKey = `visit-${randomUUID()}`;
  const start = {
    params: { header: { "Idempotency-Key": idempotencyKey } },
    body: { visitor: { name: "Cristóbal Villar" }, message: "Hola, ¿me ayudáis?", waitingForAgent: true },
  };
  const firstTry = await partner.POST("/api/v1/conversations", start);
  const conversation = succeeded(firstTry, 201, "POST /conversations");
  const id = present(conversation.id, "the conversation's id");
  checkEqual(conversation.status, "UNASSIGNED", "a new conversation's status");
  checkEqual(conversation.waitingForAgent, true, "waitingForAgent");
  const visitor = present(conversation.visitor, "the visitor");
  checkEqual(visitor.name, "Cristóbal Villar", "the visitor's name");
  absent(visitor.email, "the visitor's email, not given");
  absent(visitor.externalId, "the visitor's externalId, not given");
  absent(conversation.subject, "the subject, not given");
  absent(conversation.assignee, "a new conversation's assignee");
  absent(conversation.assignedAt, "a new conversation's assignedAt");
  absent(conversation.archivedAt, "a new conversation's archivedAt");
  present(conversation.waitingSince, "waitingSince of a waiting conversation");
  etagOf(firstTry.response, conversation, "POST /conversations");
  const retry = await partner.POST("/api/v1/conversations", start);
  checkEqual(succeeded(retry, 201, "POST /conversations again with the same Idempotency-Key").id, id, "the retried conversation");
  checkEqual(retry.response.headers.get("Idempotent-Replayed"), "true", "Idempotent-Replayed on the retry");
  const counts = succeeded(await admin.GET("/api/v1/conversations/counts"), 200, "GET the counts");
  checkEqual(counts.unassigned, present(countsBefore.unassigned, "unassigned") + 1, "unassigned after one conversation");
  checkEqual(counts.all, present(countsBefore.all, "all") + 1, "all after one conversation");
  step(`conversations: ${id} started by the partner, once for two tries; counts ${JSON.stringify(counts)}`);

  // Agents; each response carries the agent's token, shown this once.
  const crisEmail = `cris.villar.${randomUUID()}@example.com`;
  const newCris = await admin.POST("/api/v1/agents", {
    body: { name: "Cris Villar", email: crisEmail, capacity: 5 },
  });
  const cris = succeeded(newCris, 201, "POST /agents (Cris)");
  const crisId = present(cris.id, "Cris's id");
  checkEqual(newCris.response.headers.get("Location")?.endsWith(`/api/v1/agents/${crisId}`), true, "Location of Cris");
  checkEqual(cris.availability, "OFFLINE", "a new agent's availability");
  checkEqual(cris.activeConversations, 0, "a new agent's counter");
  absent(cris.lastSeenAt, "a new agent's lastSeenAt");
  const agent = clientFor(baseUrl, "Cris", present(cris.token, "Cris's token"));
  const ana = succeeded(await admin.POST("/api/v1/agents", {
    body: { name: "Ana Beltrán", email: `ana.beltran.${randomUUID()}@example.com` },
  }), 201, "POST /agents (Ana)");
  const anaId = present(ana.id, "Ana's id");
  absent(ana.capacity, "the capacity of an agent created without one");
  const anaAgent = clientFor(baseUrl, "Ana", present(ana.token, "Ana's token"));
  const crisMe = succeeded(await agent.GET("/api/v1/me"), 200, "GET /me as Cris");
  checkEqual(crisMe.role, "AGENT", "Cris's role");
  checkEqual(crisMe.agentId, crisId, "Cris's agentId");
  step(`agents: Cris (${crisId}) and Ana (${anaId}) created OFFLINE with their tokens`);

  const path = { conversationId: id };
  const counterOf = async (agentId: number, caller: InboxClient = admin): Promise<number> => present(
    succeeded(await caller.GET("/api/v1/agents/{agentId}", { params: { path: { agentId } } }), 200, `GET /agents/${agentId}`)
      .activeConversations, `agent ${agentId}'s counter`);

  // Cris joins the conversation: Assigned folder, counter 1.
  const assigning = await agent.POST("/api/v1/conversations/{conversationId}/assign", {
    params: { path }, body: { agentId: crisId },
  });
  const assigned = succeeded(assigning, 200, "assign to Cris");
  checkEqual(assigned.status, "ASSIGNED", "status after assign");
  checkEqual(present(assigned.assignee, "the assignee").id, crisId, "the assignee");
  present(assigned.assignedAt, "assignedAt");
  const crisFolder = succeeded(await agent.GET("/api/v1/conversations", {
    params: { query: { folder: folder("assigned"), assigneeId: crisId } },
  }), 200, "Cris's assigned folder");
  check(crisFolder.items?.some((item) => item.id === id) === true, `Cris's folder holds ${id}: ${JSON.stringify(crisFolder)}`);
  absent(crisFolder.nextCursor, "the cursor of a folder's only page");
  checkEqual(await counterOf(crisId, agent), 1, "Cris's counter after assign");
  step("assign: Cris holds it, counter 1, in the Assigned folder");

  // Assigning a conversation another agent holds never steals it.
  const conflict = refused(await admin.POST("/api/v1/conversations/{conversationId}/assign", {
    params: { path }, body: { agentId: anaId },
  }), 409, "conversation-state-conflict", "assign to Ana while Cris holds it");
  checkEqual(conflict.currentStatus, "ASSIGNED", "the conflict's currentStatus");
  checkEqual(conflict.currentAssigneeId, crisId, "the conflict's currentAssigneeId");
  step(`409: ${conflict.detail}`);

  const transferred = await agent.POST("/api/v1/conversations/{conversationId}/transfer", {
    params: { path, header: { "If-Match": etagOf(assigning.response, assigned, "assign") } },
    body: { agentId: anaId },
  });
  const withAna = succeeded(transferred, 200, "transfer to Ana");
  checkEqual(present(withAna.assignee, "the assignee after transfer").id, anaId, "the assignee after transfer");
  checkEqual(await counterOf(crisId), 0, "Cris's counter after transfer");
  checkEqual(await counterOf(anaId), 1, "Ana's counter after transfer");
  const stale = refused(await agent.POST("/api/v1/conversations/{conversationId}/archive", {
    params: { path, header: { "If-Match": `W/"${present(assigned.version, "version")}"` } },
  }), 412, "version-mismatch", "archive with the version before the transfer");
  step(`transfer: to Ana, counters 0 and 1; a stale If-Match is 412: ${stale.detail}`);

  // Messages: the bot, the assignee; anyone else's AGENT message is refused.
  const bot = succeeded(await partner.POST("/api/v1/conversations/{conversationId}/messages", {
    params: { path }, body: { author: "BOT", text: "Te paso con una persona" },
  }), 201, "a BOT message");
  absent(bot.agentId, "a bot message's agentId");
  const reply = succeeded(await anaAgent.POST("/api/v1/conversations/{conversationId}/messages", {
    params: { path }, body: { author: "AGENT", text: "Hola Cristóbal" },
  }), 201, "Ana's AGENT message");
  checkEqual(reply.agentId, anaId, "the reply's agent");
  const notHers = refused(await agent.POST("/api/v1/conversations/{conversationId}/messages", {
    params: { path }, body: { author: "AGENT", text: "Hola" },
  }), 409, "conversation-state-conflict", "Cris writing to Ana's conversation");
  const texts: string[] = [];
  let messageCursor: string | undefined;
  for (let page = 1; ; page++) {
    check(page <= 10, "message pages keep coming");
    const messages = succeeded(await admin.GET("/api/v1/conversations/{conversationId}/messages", {
      params: { path, query: { limit: 1, ...(messageCursor === undefined ? {} : { cursor: messageCursor }) } },
    }), 200, `message page ${page}`);
    const items = present(messages.items, "a message page's items");
    check(items.length <= 1, `a page of limit 1 has ${items.length} messages`);
    texts.push(...items.map((message) => present(message.text, "a message's text")));
    if (messages.nextCursor === undefined || messages.nextCursor === null) {
      break;
    }
    messageCursor = messages.nextCursor;
  }
  checkEqual(texts.join(" | "), "Hola, ¿me ayudáis? | Te paso con una persona | Hola Cristóbal", "the messages, oldest first");
  step(`messages: bot and assignee wrote, one per page; 409 for Cris: ${notHers.detail}`);

  // Unassign puts it back in the queue; the bot hands off; Cris takes it and archives it.
  const unassigned = succeeded(await anaAgent.POST("/api/v1/conversations/{conversationId}/unassign", { params: { path } }),
    200, "unassign");
  checkEqual(unassigned.status, "UNASSIGNED", "status after unassign");
  absent(unassigned.assignee, "the assignee after unassign");
  absent(unassigned.assignedAt, "assignedAt after unassign");
  checkEqual(unassigned.waitingForAgent, true, "waitingForAgent after unassign: back in the queue");

  const receiver = await WebhookReceiver.start(WEBHOOK_SECRET);
  try {
    const webhook = succeeded(await admin.POST("/api/v1/webhooks", {
      body: { url: receiver.url, events: ["conversation.archived"], secret: WEBHOOK_SECRET },
    }), 201, "POST /webhooks");
    const webhookId = present(webhook.id, "the webhook's id");
    absent(webhook.failingSince, "a new webhook's failingSince");
    absent(webhook.disabledAt, "a new webhook's disabledAt");

    succeeded(await agent.POST("/api/v1/conversations/{conversationId}/assign", {
      params: { path }, body: { agentId: crisId },
    }), 200, "assign to Cris again");
    const archived = succeeded(await agent.POST("/api/v1/conversations/{conversationId}/archive", { params: { path } }),
      200, "archive");
    checkEqual(archived.status, "ARCHIVED", "status after archive");
    present(archived.archivedAt, "archivedAt");
    checkEqual(await counterOf(crisId), 0, "Cris's counter after archive");
    const archivedFolder = succeeded(await agent.GET("/api/v1/conversations", {
      params: { query: { folder: folder("archived") } },
    }), 200, "the Archived folder");
    check(archivedFolder.items?.some((item) => item.id === id) === true, `the Archived folder holds ${id}`);
    step("unassign, assign, archive: Archived folder, counter back to 0");

    const delivery = await eventually("the webhook delivery of the archive", async () =>
      receiver.deliveries.find((each) => each.event.conversation?.id === id));
    checkEqual(delivery.signatureVerified, true, "the delivery's signature");
    checkEqual(delivery.eventType, "conversation.archived", "X-Inbox-Event-Type");
    checkEqual(delivery.eventId, delivery.event.id, "X-Inbox-Event-Id");
    checkEqual(delivery.event.fromFolder, "assigned", "the event's fromFolder");
    checkEqual(delivery.event.toFolder, "archived", "the event's toFolder");
    const logged = await eventually("the delivery in the webhook's log", async () => {
      const log = succeeded(await admin.GET("/api/v1/webhooks/{webhookId}/deliveries", {
        params: { path: { webhookId }, query: { limit: 10 } },
      }), 200, "GET the webhook's deliveries");
      return log.items?.find((item) => item.eventId === delivery.eventId && item.attempts?.some((attempt) => attempt.succeeded));
    });
    checkEqual(logged.eventType, "conversation.archived", "the logged delivery's type");
    const webhooks = succeeded(await admin.GET("/api/v1/webhooks"), 200, "GET /webhooks");
    check(webhooks.items?.some((item) => item.id === webhookId) === true, "the webhook in the list");
    finished(await admin.DELETE("/api/v1/webhooks/{webhookId}", { params: { path: { webhookId } } }), 204, "DELETE the webhook");
    const afterDelete = succeeded(await admin.GET("/api/v1/webhooks"), 200, "GET /webhooks after the delete");
    check(afterDelete.items?.some((item) => item.id === webhookId) !== true, "the deleted webhook is not listed");
    step(`webhooks: the archive delivered, signed, logged; the webhook deleted (${webhookId})`);
  } finally {
    await receiver.stop();
  }

  const reopened = await agent.POST("/api/v1/conversations/{conversationId}/reopen", { params: { path } });
  checkEqual(succeeded(reopened, 200, "reopen").status, "UNASSIGNED", "status after reopen (policy QUEUE)");
  const read = await agent.GET("/api/v1/conversations/{conversationId}", { params: { path } });
  const current = succeeded(read, 200, "GET the conversation");
  etagOf(read.response, current, "GET the conversation");
  absent(current.archivedAt, "archivedAt after reopen");
  step("reopen: back in Unassigned");

  // The timeline, three entries a page.
  const timeline: Schemas["TimelineEntryResponse"][] = [];
  let timelineCursor: string | undefined;
  for (let page = 1; ; page++) {
    check(page <= 10, "timeline pages keep coming");
    const entries = succeeded(await agent.GET("/api/v1/conversations/{conversationId}/events", {
      params: { path, query: { limit: 3, ...(timelineCursor === undefined ? {} : { cursor: timelineCursor }) } },
    }), 200, `timeline page ${page}`);
    timeline.push(...present(entries.items, "a timeline page's items"));
    if (entries.nextCursor === undefined || entries.nextCursor === null) {
      break;
    }
    timelineCursor = entries.nextCursor;
  }
  checkEqual(timeline.map((entry) => entry.type).join(" "),
    "CREATED ASSIGNED TRANSFERRED UNASSIGNED ASSIGNED ARCHIVED REOPENED", "the timeline");
  const [created, , transfer] = timeline;
  absent(present(created, "the CREATED entry").agentId, "the CREATED entry's agentId");
  absent(present(created, "the CREATED entry").previousAgentId, "the CREATED entry's previousAgentId");
  checkEqual(present(transfer, "the TRANSFERRED entry").previousAgentId, crisId, "the transfer's previous agent");
  checkEqual(present(transfer, "the TRANSFERRED entry").agentId, anaId, "the transfer's agent");
  check(timeline.every((entry) => entry.at !== undefined && entry.actor !== undefined), "every entry has its time and actor");
  step(`timeline: ${timeline.length} entries over pages of 3`);

  // Folders page with keyset cursors: more visitors, two a page.
  const others: number[] = [];
  for (const name of ["Dana", "Eloy", "Fatou", "Goran"]) {
    const other = succeeded(await partner.POST("/api/v1/conversations", {
      body: { visitor: { name, email: `${name.toLowerCase()}@example.com`, externalId: `crm-${name}` }, channel: "web", subject: `Question from ${name}` },
    }), 201, `POST /conversations (${name})`);
    checkEqual(present(other.visitor, "the visitor").email, `${name.toLowerCase()}@example.com`, "the visitor's email");
    checkEqual(other.waitingForAgent, false, "waitingForAgent when not asked");
    others.push(present(other.id, "the id"));
  }
  // The bot asks for a human: the conversation now waits for an agent.
  const handedOff = succeeded(await partner.POST("/api/v1/conversations/{conversationId}/handoff", {
    params: { path: { conversationId: present(others[0], "Dana's conversation") } },
  }), 200, "handoff");
  checkEqual(handedOff.waitingForAgent, true, "waitingForAgent after handoff");
  present(handedOff.waitingSince, "waitingSince after handoff");
  const queue: number[] = [];
  let folderCursor: string | undefined;
  for (let page = 1; ; page++) {
    check(page <= 1000, "Unassigned pages keep coming");
    const slice = succeeded(await admin.GET("/api/v1/conversations", {
      params: { query: { folder: folder("unassigned"), limit: 2, ...(folderCursor === undefined ? {} : { cursor: folderCursor }) } },
    }), 200, `Unassigned page ${page}`);
    const items = present(slice.items, "a page's items");
    check(items.length <= 2, `a page of limit 2 has ${items.length}`);
    queue.push(...items.map((item) => present(item.id, "an id")));
    if (slice.nextCursor === undefined || slice.nextCursor === null) {
      break;
    }
    folderCursor = slice.nextCursor;
  }
  check(new Set(queue).size === queue.length, `no conversation on two pages: ${queue.join(", ")}`);
  check([id, ...others].every((each) => queue.includes(each)), `the Unassigned pages hold ${[id, ...others].join(", ")}: ${queue.join(", ")}`);
  const waiting = succeeded(await admin.GET("/api/v1/conversations", {
    params: { query: { folder: folder("all"), waitingForAgent: true } },
  }), 200, "the conversations waiting for an agent");
  check(waiting.items?.some((item) => item.id === id) === true && waiting.items.some((item) => item.id === handedOff.id)
    && waiting.items.every((item) => item.waitingForAgent === true), `the waiting filter: ${JSON.stringify(waiting.items)}`);
  const afterFive = succeeded(await admin.GET("/api/v1/conversations/counts"), 200, "GET the counts");
  checkEqual(afterFive.unassigned, present(countsBefore.unassigned, "unassigned") + 5, "Unassigned after five conversations");
  const crisCounts = succeeded(await admin.GET("/api/v1/conversations/counts", { params: { query: { assigneeId: crisId } } }),
    200, "Cris's counts");
  checkEqual(crisCounts.assigned, 0, "Cris's Assigned count");
  step(`handoff and folders: Unassigned in pages of 2 (${queue.length} conversations), counts ${JSON.stringify(afterFive)}`);

  // Agents: merge-patch, availability; going ONLINE with auto-assignment on pulls the waiting conversations
  // (to Cris on an inbox of its own; on a shared one, to whichever ONLINE agent the strategy picks).
  const capacity = 2;
  const patched = succeeded(await admin.PATCH("/api/v1/agents/{agentId}", {
    params: { path: { agentId: crisId } },
    body: { capacity },
    headers: { "Content-Type": "application/merge-patch+json" },
  }), 200, "PATCH Cris");
  checkEqual(patched.capacity, capacity, "Cris's capacity after the patch");
  checkEqual(patched.name, "Cris Villar", "a name the patch left out");
  succeeded(await admin.PUT("/api/v1/settings/assignment", {
    body: { autoAssignment: true, strategy: "BALANCED", reopenPolicy: "QUEUE", presence: false },
  }), 200, "PUT the assignment settings (auto-assignment on)");
  const online = succeeded(await agent.PUT("/api/v1/agents/{agentId}/availability", {
    params: { path: { agentId: crisId } }, body: { availability: "ONLINE" },
  }), 200, "Cris goes ONLINE");
  checkEqual(online.availability, "ONLINE", "Cris's availability");
  const autoAssigned = await eventually("the waiting conversation auto-assigned", async () => {
    const seen = succeeded(await admin.GET("/api/v1/conversations/{conversationId}", { params: { path } }), 200, "GET the conversation");
    return seen.assignee ?? undefined;
  });
  const assigneeId = present(autoAssigned.id, "the auto-assigned agent's id");
  const held = await eventually("the assignee's counter equal to its Assigned folder", async () => {
    const folderOfAssignee = succeeded(await admin.GET("/api/v1/conversations", {
      params: { query: { folder: folder("assigned"), assigneeId, limit: 100 } },
    }), 200, "the assignee's Assigned folder");
    const counter = await counterOf(assigneeId);
    return folderOfAssignee.items?.length === counter ? counter : undefined;
  });
  if (assigneeId === crisId) {
    check(held <= capacity, `Cris holds ${held}, past his capacity ${capacity}`);
  }
  const onlineAgents = succeeded(await admin.GET("/api/v1/agents", { params: { query: { availability: "ONLINE" } } }),
    200, "GET the ONLINE agents");
  check(onlineAgents.items?.some((item) => item.id === crisId) === true, "Cris among the ONLINE agents");
  check(onlineAgents.items.every((item) => item.availability === "ONLINE"), "only ONLINE agents");
  step(`agents: patched capacity ${capacity}, ONLINE; the waiting conversation auto-assigned to ${autoAssigned.name}, who holds ${held}`);

  // Teams (issue 36): a team with a setting of its own, Cris a member and no longer, patched, deleted.
  const teamName = `Billing ${randomUUID().slice(0, 8)}`;
  const team = succeeded(await admin.POST("/api/v1/teams", {
    body: { name: teamName, strategy: "ROUND_ROBIN", defaultCapacity: 4 },
  }), 201, "POST /teams");
  const teamId = present(team.id, "the team's id");
  absent(team.autoAssignment, "a setting the team does not have of its own");
  finished(await admin.PUT("/api/v1/teams/{teamId}/members/{agentId}", {
    params: { path: { teamId, agentId: crisId } },
  }), 204, "Cris joins the team");
  const withCris = succeeded(await agent.GET("/api/v1/teams/{teamId}", { params: { path: { teamId } } }), 200, "GET the team");
  check(withCris.members.some((member) => member.id === crisId), "Cris among the team's members");
  const teams = succeeded(await agent.GET("/api/v1/teams"), 200, "GET /teams");
  check(teams.items.some((item) => item.id === teamId), "the team in the list");
  const globalStrategy = succeeded(await admin.PATCH("/api/v1/teams/{teamId}", {
    params: { path: { teamId } },
    body: { strategy: null },
    headers: { "Content-Type": "application/merge-patch+json" },
  }), 200, "PATCH the team");
  absent(globalStrategy.strategy, "the team's strategy once cleared");
  checkEqual(globalStrategy.defaultCapacity, 4, "a setting the patch left out");
  const routed = succeeded(await agent.PATCH("/api/v1/conversations/{conversationId}", {
    params: { path },
    body: { teamId, priority: "HIGH", requiredSkills: ["billing", "es"] },
    headers: { "Content-Type": "application/merge-patch+json" },
  }), 200, "PATCH the conversation's routing");
  checkEqual(routed.team?.id, teamId, "the routed conversation's team");
  checkEqual(routed.priority, "HIGH", "the routed conversation's priority");
  finished(await admin.DELETE("/api/v1/teams/{teamId}/members/{agentId}", {
    params: { path: { teamId, agentId: crisId } },
  }), 204, "Cris leaves the team");
  finished(await admin.DELETE("/api/v1/teams/{teamId}", { params: { path: { teamId } } }), 204, "DELETE the team");
  const teamless = succeeded(await agent.GET("/api/v1/conversations/{conversationId}", { params: { path } }), 200,
    "GET the conversation once its team is gone");
  absent(teamless.team, "the team of a conversation whose team was deleted");
  step(`teams: "${teamName}" created, Cris a member and no longer, its strategy cleared, a conversation routed to it (HIGH), deleted (the conversation back in the global queue)`);

  // A new token for Cris: the old one stops working.
  const reissued = succeeded(await admin.POST("/api/v1/agents/{agentId}/token", { params: { path: { agentId: crisId } } }),
    200, "re-issue Cris's token");
  checkEqual(reissued.agentId, crisId, "the re-issued token's agent");
  const oldToken = refused(await agent.GET("/api/v1/me"), 401, "unauthenticated", "Cris's old token");
  const renewed = clientFor(baseUrl, "Cris (new token)", present(reissued.token, "the new token"));
  checkEqual(succeeded(await renewed.GET("/api/v1/me"), 200, "GET /me with the new token").agentId, crisId, "the new token's agent");
  step(`token: re-issued; the old one is 401: ${oldToken.detail}`);

  // Cris signs in as a person: an invitation link sets a password, the password starts a console session.
  const invitation = succeeded(await admin.POST("/api/v1/agents/{agentId}/invitation", {
    params: { path: { agentId: crisId } },
  }), 201, "invite Cris to set a password");
  const link = present(invitation.url, "the invitation's link");
  const invitationToken = present(link.split("#invitation=")[1], `the token in ${link}`);
  const password = "walkthrough password 42";
  const stranger = cookieClientFor(baseUrl, "a browser, not signed in");
  finished(await stranger.POST("/api/v1/invitations/{token}", {
    params: { path: { token: invitationToken } }, body: { password },
  }), 204, "set Cris's password through the link");
  const failed = refused(await stranger.POST("/api/v1/sessions", { body: { email: crisEmail, password: "not the password" } }),
    401, "sign-in-failed", "sign in with a wrong password");
  const cookies = new Map<string, string>();
  const browser = cookieClientFor(baseUrl, "Cris's browser", cookies);
  const session = succeeded(await browser.POST("/api/v1/sessions", { body: { email: crisEmail, password } }),
    201, "sign in as Cris");
  checkEqual(session.agentId, crisId, "the signed-in agent");
  checkEqual(succeeded(await browser.GET("/api/v1/me"), 200, "GET /me with the session").agentId, crisId, "the session's agent");
  const newPassword = "walkthrough password 43";
  finished(await browser.PUT("/api/v1/me/password", { body: { currentPassword: password, newPassword } }),
    204, "Cris changes its password");
  const signedOutCookie = new Map([["SESSION", present(cookies.get("SESSION"), "the session's cookie")]]);
  finished(await browser.DELETE("/api/v1/sessions/current"), 204, "sign out");
  const signedOut = cookieClientFor(baseUrl, "the signed-out session's cookie, sent again", signedOutCookie);
  refused(await signedOut.GET("/api/v1/me"), 401, "unauthenticated", "the signed-out session");
  refused(await renewed.DELETE("/api/v1/sessions/current"), 404, "session-not-found", "sign out with a token");
  step(`sign-in: invited, password set, signed in with a session, password changed, signed out; a wrong password: ${failed.detail}`);

  // Deactivating Ana: 204, kept for history, can receive nothing.
  finished(await admin.DELETE("/api/v1/agents/{agentId}", { params: { path: { agentId: anaId } } }), 204, "DELETE Ana");
  const gone = succeeded(await renewed.GET("/api/v1/agents/{agentId}", { params: { path: { agentId: anaId } } }), 200, "GET Ana");
  checkEqual(gone.active, false, "Ana's active flag");
  const everyone = succeeded(await admin.GET("/api/v1/agents", { params: { query: { includeInactive: true } } }),
    200, "GET the agents with inactive ones");
  check(everyone.items?.some((item) => item.id === anaId) === true, "Ana among every agent");
  const active = succeeded(await admin.GET("/api/v1/agents"), 200, "GET the agents");
  check(active.items?.some((item) => item.id === anaId) !== true, "Ana not among the active agents");
  const other = present(others[1], "a conversation no one waits on");
  const inactive = refused(await admin.POST("/api/v1/conversations/{conversationId}/assign", {
    params: { path: { conversationId: other } }, body: { agentId: anaId },
  }), 422, "unknown-agent", "assign to Ana, inactive");
  step(`deactivate: Ana inactive, 422 when assigned: ${inactive.detail}`);

  // Errors read as problems: unknown conversation, bad cursor, invalid fields, unknown agent.
  const notFound = refused(await admin.GET("/api/v1/conversations/{conversationId}", {
    params: { path: { conversationId: UNKNOWN_ID } },
  }), 404, "conversation-not-found", "an unknown conversation");
  const badCursor = refused(await admin.GET("/api/v1/conversations", {
    params: { query: { folder: folder("unassigned"), cursor: "not-a-cursor" } },
  }), 400, "invalid-request", "a cursor the service never gave");
  const invalid = refused(await admin.POST("/api/v1/agents", { body: { name: "   ", email: "blank.name@example.com" } }),
    400, "invalid-request", "an agent with a blank name");
  check(invalid.errors?.some((error) => error.field === "name") === true, `the invalid field named: ${JSON.stringify(invalid.errors)}`);
  const unknownAgent = refused(await admin.POST("/api/v1/conversations/{conversationId}/assign", {
    params: { path: { conversationId: other } }, body: { agentId: UNKNOWN_ID },
  }), 422, "unknown-agent", "assign to an agent that does not exist");
  const unknownWebhook = refused(await admin.DELETE("/api/v1/webhooks/{webhookId}", { params: { path: { webhookId: UNKNOWN_ID } } }),
    404, "webhook-not-found", "delete an unknown webhook");
  step(`problems: 404 "${notFound.title}", 400 "${badCursor.detail}", 400 errors ${JSON.stringify(invalid.errors)}, `
    + `422 "${unknownAgent.detail}", 404 "${unknownWebhook.title}"`);

  // Every change since the first stream's position, replayed from it.
  const replayed = await readEvents(admin, "the stream resumed after its first position",
    { lastEventId: startedAt, types: "conversation.created,conversation.archived" },
    (events) => events.some((event) => event.name === "conversation.archived" && conversationOf(event)?.id === id), 20_000);
  const mine = replayed.filter((event) => conversationOf(event)?.id === id);
  checkEqual(mine.map((event) => event.name).join(" "), "conversation.created conversation.archived", "the replayed events of the conversation");
  const ids = replayed.map((event) => event.id);
  check(ids.every((each, index) => index === 0 || each > present(ids[index - 1], "the previous id")), `ids increase: ${ids.join(", ")}`);
  step(`events: resumed with Last-Event-ID, ${replayed.length} events, the conversation's created and archived`);

  const report = succeeded(await admin.GET("/api/v1/admin/consistency"), 200, "GET the consistency report");
  checkEqual(report.consistent, true, `consistency ${JSON.stringify(report)}`);
  step("consistency: no drift");

  finished(await admin.DELETE("/api/v1/api-keys/{apiKeyId}", { params: { path: { apiKeyId: keyId } } }), 204, "revoke the key");
  refused(await partner.GET("/api/v1/me"), 401, "unauthenticated", "the revoked key");
  refused(await admin.DELETE("/api/v1/api-keys/{apiKeyId}", { params: { path: { apiKeyId: UNKNOWN_ID } } }),
    404, "api-key-not-found", "revoke an unknown key");
  succeeded(await admin.PUT("/api/v1/settings/assignment", { body: keptSettings }), 200, "PUT the settings as they were");
  step("api keys: revoked, refused from the next request on; settings put back");
}

async function main(): Promise<number> {
  const baseUrl = process.argv[2];
  const adminToken = process.env["INBOX_ADMIN_TOKEN"];
  if (baseUrl === undefined || adminToken === undefined || adminToken === "") {
    console.error("usage: INBOX_ADMIN_TOKEN=<token> node dist/src/walkthrough.js <service URL>");
    return 2;
  }
  let failure: unknown;
  try {
    await walkthrough(baseUrl.replace(/\/$/, ""), adminToken);
  } catch (error) {
    failure = error;
  }
  const reportPath = process.env["WALKTHROUGH_REPORT"];
  if (reportPath !== undefined && reportPath !== "") {
    writeFileSync(reportPath, `${JSON.stringify({ passed: failure === undefined, calls }, null, 2)}\n`);
  }
  if (failure !== undefined) {
    const reason = failure instanceof WalkthroughFailure ? failure.message
      : failure instanceof Error ? failure.stack ?? failure.message : String(failure);
    console.error(`FAILED: ${reason}`);
    return 1;
  }
  console.log(`walkthrough passed: ${calls.length} calls`);
  return 0;
}

process.exitCode = await main();
