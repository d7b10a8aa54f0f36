// Generates, from the OpenAPI document, the client's types (openapi-typescript) into
// generated/inbox-api.ts, and into generated/folders.ts the folder names as the document spells the
// listConversations query parameter: the one enum the walkthrough sends, whatever its case (the
// service takes any). tsc checks those names against the generated types.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const source = new URL("../../docs/openapi.json", import.meta.url);
const generated = new URL("generated/", import.meta.url);
mkdirSync(generated, { recursive: true });

writeFileSync(new URL("inbox-api.ts", generated), COMMENT_HEADER + astToString(await openapiTS(source)));

const document = JSON.parse(readFileSync(source, "utf8"));
const folder = document.paths["/api/v1/conversations"]?.get?.parameters?.find((parameter) => parameter.name === "folder");
const names = folder?.schema?.enum;
if (!Array.isArray(names) || names.length === 0) {
  throw new Error("docs/openapi.json: GET /api/v1/conversations names no folder values");
}
writeFileSync(new URL("folders.ts", generated), `${COMMENT_HEADER}import type { paths } from "./inbox-api.js";

/** The folder query parameter of GET /api/v1/conversations. */
export type Folder = NonNullable<NonNullable<paths["/api/v1/conversations"]["get"]["parameters"]["query"]>["folder"]>;

/** Every folder as the document spells it. */
export const folders: readonly Folder[] = ${JSON.stringify(names)};
`);
console.log(`generated/inbox-api.ts and generated/folders.ts from ${source.pathname}`);
