// One declaration per domain: its name, the words the instructions router shows for it, its documentation
// sections, and the table of its tools. A tool's name exists only as a key of that table, next to its category and
// marks, so a name cannot drift from its classification; the server derives the surface, annotations, catalog,
// instructions and docs index from these declarations.

import type { CliPlugin } from "../cli/plugins.js";
import type { DocSection } from "../docs/sections.js";
import type { Domain } from "./domains.js";
import type { Category, ToolDef } from "./tool.js";

export interface ToolMarks {
  /** Safe to repeat (idempotentHint): the prune family. */
  readonly idempotent?: true;
  /** Connection control: exempt from the must-name-host and (ro) rules. */
  readonly connectionControl?: true;
  /** Never targets a daemon, so it takes no `host` (host_list). */
  readonly hostless?: true;
}

export interface ToolEntry extends ToolMarks {
  readonly def: ToolDef;
  readonly category: Category;
}

export const readOnly = (def: ToolDef, marks: ToolMarks = {}): ToolEntry => ({ def, category: "read_only", ...marks });
export const mutating = (def: ToolDef, marks: ToolMarks = {}): ToolEntry => ({ def, category: "mutating", ...marks });
export const destructive = (def: ToolDef, marks: ToolMarks = {}): ToolEntry => ({
  def,
  category: "destructive",
  ...marks,
});

/** What the instructions router says about a domain beyond its keywords. */
export type DomainTrait =
  /** Its list tools take managed_only. */
  | "managed_only"
  /** It can write large output to the server's disk (dest_path). */
  | "host_files"
  /** It shells out to the docker CLI. */
  | "cli"
  /** It needs a swarm manager. */
  | "swarm";

export interface DomainDecl {
  /** null only for the domain-less docs_lookup, which no switch disables. */
  readonly name: Domain | null;
  /** The words that find this domain in the instructions router; omitted = not listed there. */
  readonly keywords?: string;
  readonly traits?: readonly DomainTrait[];
  /** True for domains whose tools never take `host` (context, registry). */
  readonly hostless?: boolean;
  /** The docker CLI plugin every tool of the domain needs; the tool catalog marks them unavailable without it. */
  readonly plugin?: CliPlugin;
  readonly docs?: readonly DocSection[];
  /** The tools, by name, in the order tools/list shows them. */
  readonly tools: Readonly<Record<string, ToolEntry>>;
}

export function defineDomain(decl: DomainDecl): DomainDecl {
  return decl;
}
