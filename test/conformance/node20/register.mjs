// Loaded with `node --import` under the conformance suite only: its 0.2 alphas import `globSync` from node:fs,
// which Node 22 added; on Node 20 the suite would not start. The hook gives the suite's own modules a node:fs that
// also has globSync (used only to gather `**/checks.json` results). Nothing of the server runs under it.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
