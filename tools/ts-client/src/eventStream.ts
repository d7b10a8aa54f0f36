import { check, checkEqual, fail, present } from "./checks.js";
import type { InboxClient, Schemas } from "./client.js";

/** One Server-Sent Event as the stream framed it: its SSE id and name, and its data as the document types it. */
export interface StreamedEvent {
  id: string;
  name: string;
  data: Schemas["InboxEvent"] | Schemas["FoldersCounted"];
}

/**
 * Reads the live stream (GET /api/v1/events) until {@link enough} holds or the stream ends, and
 * gives back its events. Read straight from the service, it stops as soon as it has enough; a
 * proxy that buffers responses (Prism validates a response whole) passes the stream on only once
 * the service ends it, which the service under test must then do soon
 * (INBOX_EVENTS_STREAM_TIMEOUT of a few seconds).
 */
export async function readEvents(
  client: InboxClient,
  what: string,
  from: { lastEventId?: string; types?: string },
  enough: (events: StreamedEvent[]) => boolean,
  patience: number,
): Promise<StreamedEvent[]> {
  const header = from.lastEventId === undefined ? {} : { "Last-Event-ID": from.lastEventId };
  const query = from.types === undefined ? {} : { types: from.types };
  const deadline = AbortSignal.timeout(patience);
  const { response, error } = await client.GET("/api/v1/events", {
    params: { header, query },
    parseAs: "stream",
    signal: deadline,
  });
  checkEqual(response.status, 200, `${what}: status ${JSON.stringify(error ?? null)}`);
  check(
    (response.headers.get("Content-Type") ?? "").startsWith("text/event-stream"),
    `${what}: content type ${response.headers.get("Content-Type")}`,
  );
  const body = present(response.body, `${what}: body`);
  const events: StreamedEvent[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  const reader = body.getReader();
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      pending += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = pending.search(/\r?\n\r?\n/)) >= 0) {
        const block = pending.slice(0, end);
        pending = pending.slice(end).replace(/^\r?\n\r?\n/, "");
        const event = parseBlock(block, what);
        if (event !== undefined) {
          events.push(event);
        }
      }
      if (enough(events)) {
        break;
      }
    }
  } catch (cause) {
    if (deadline.aborted) {
      fail(`${what}: ${events.length} events within ${patience} ms and not what was awaited, or the stream did `
          + `not end (a buffering proxy needs the service's streams to end soon): ${JSON.stringify(events)}`);
    }
    throw cause;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  check(enough(events), `${what}: the stream ended without what was awaited: ${JSON.stringify(events)}`);
  return events;
}

/** One block of lines: a comment (a heartbeat, "stream open at") frames no event. */
function parseBlock(block: string, what: string): StreamedEvent | undefined {
  let id: string | undefined;
  let name = "message";
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === "" || line.startsWith(":")) {
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") {
      id = value;
    } else if (field === "event") {
      name = value;
    } else if (field === "data") {
      data.push(value);
    }
  }
  if (data.length === 0) {
    return undefined;
  }
  return { id: present(id, `${what}: the id of a ${name} event`), name, data: JSON.parse(data.join("\n")) as StreamedEvent["data"] };
}
