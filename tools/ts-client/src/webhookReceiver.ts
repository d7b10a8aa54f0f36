import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import { fail } from "./checks.js";
import type { Schemas } from "./client.js";

/** A delivery as a partner's receiver sees it: whether its signature verified, and the event. */
export interface Delivery {
  eventId: string | undefined;
  eventType: string | undefined;
  signatureVerified: boolean;
  event: Schemas["InboxEvent"];
}

/**
 * A partner's webhook receiver on loopback (the service must allow private networks:
 * INBOX_WEBHOOKS_ALLOW_PRIVATE_NETWORKS): verifies X-Inbox-Signature the way the document's webhooks
 * section says, "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">", and keeps each delivery.
 */
export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  private readonly server: Server;

  private constructor(private readonly secret: string) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        this.deliveries.push({
          eventId: single(request.headers["x-inbox-event-id"]),
          eventType: single(request.headers["x-inbox-event-type"]),
          signatureVerified: this.verifies(single(request.headers["x-inbox-signature"]), raw),
          event: JSON.parse(raw) as Schemas["InboxEvent"],
        });
        response.writeHead(204).end();
      });
    });
  }

  static async start(secret: string): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret);
    await new Promise<void>((listening) => receiver.server.listen(0, "127.0.0.1", listening));
    return receiver;
  }

  get url(): string {
    const address = this.server.address();
    if (address === null || typeof address === "string") {
      fail(`the webhook receiver listens on ${address}, not a port`);
    }
    return `http://127.0.0.1:${address.port}/inbox-events`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private verifies(signature: string | undefined, raw: string): boolean {
    const parts = new Map((signature ?? "").split(",").map((part) => {
      const equals = part.indexOf("=");
      return [part.slice(0, equals), part.slice(equals + 1)] as const;
    }));
    const timestamp = parts.get("t");
    const given = parts.get("v1");
    if (timestamp === undefined || given === undefined) {
      return false;
    }
    const expected = createHmac("sha256", this.secret).update(`${timestamp}.${raw}`).digest("hex");
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  }
}

function single(header: string | string[] | undefined): string | undefined {
  return Array.isArray(header) ? header[0] : header;
}
