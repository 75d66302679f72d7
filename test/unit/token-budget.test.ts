// The tools/list token budget: the live figures against the checked-in record (a rise of more than 2% fails until
// it is cut or recorded on purpose), and the targets: ≤ 100 tokens per tool, the host labels said once.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ACCEPT_GROWTH_FLAG,
  budgetOverruns,
  nextRecord,
  TOKEN_RECORD_FILE,
  type TokenFigures,
  tokenFigures,
} from "../../scripts/token-budget.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";

const live = tokenFigures(ALL_DOMAINS);
const recorded = JSON.parse(
  readFileSync(new URL(`../../${TOKEN_RECORD_FILE}`, import.meta.url), "utf8"),
) as TokenFigures;

describe("tools/list token budget (o200k)", () => {
  it(`no figure grows more than 2% over ${TOKEN_RECORD_FILE}`, () => {
    const overruns = budgetOverruns(recorded, live);
    expect(
      overruns,
      `Cut the surface, or record the growth on purpose with \`npm run docs -- ${ACCEPT_GROWTH_FLAG}\``,
    ).toEqual([]);
  });

  it("costs at most 100 tokens per tool on average", () => {
    expect((live.hosts["1"] as number) / live.tools).toBeLessThanOrEqual(100);
  });

  it("the 49 CLI-backed tools (compose, stack, context, buildx, scout) add at most 4,900", () => {
    expect(live.families.cli as number).toBeLessThanOrEqual(4_900);
  });

  it("says the host labels once: two hosts ≤ 108% of one, 5, 20 and 50 hosts ≤ 110%", () => {
    const one = live.hosts["1"] as number;
    expect((live.hosts["2"] as number) / one).toBeLessThanOrEqual(1.08);
    for (const count of ["5", "20", "50"]) expect((live.hosts[count] as number) / one, count).toBeLessThanOrEqual(1.1);
  });
});

describe("the budget rule", () => {
  const record: TokenFigures = { tools: 2, hosts: { "1": 1000, "2": 1050 }, families: { swarm: 300 } };
  const grown = (hosts: Record<string, number>, families = record.families): TokenFigures => ({
    tools: 2,
    hosts,
    families,
  });

  it("allows 2% and refuses more, naming the figure and the growth", () => {
    expect(budgetOverruns(record, grown({ "1": 1020, "2": 1071 }))).toEqual([]);
    expect(budgetOverruns(record, grown({ "1": 1021, "2": 1050 }))).toEqual(["1 host(s): 1000 → 1021 tokens (+2.1%)"]);
    expect(budgetOverruns(record, grown({ "1": 900, "2": 900 }, { swarm: 400 }))).toEqual([
      "swarm family: 300 → 400 tokens (+33.3%)",
    ]);
    expect(budgetOverruns(record, grown({ "1": 1000, "2": 1050, "5": 1060 }))).toEqual([
      `5 host(s): 1060 tokens, not in ${TOKEN_RECORD_FILE}`,
    ]);
  });

  it("the record only falls, unless growth is accepted", () => {
    const live = grown({ "1": 900, "2": 1100 });
    expect(nextRecord(record, live, false).hosts).toEqual({ "1": 900, "2": 1050 });
    expect(nextRecord(record, live, true).hosts).toEqual({ "1": 900, "2": 1100 });
    expect(nextRecord(undefined, live, false)).toEqual(live);
  });
});
