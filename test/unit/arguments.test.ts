// Hostile arguments: every refusal is a sentence naming the argument and the expected shape, and nothing the caller
// sent is silently dropped (unknown keys, `__proto__`, text that cannot be encoded).

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkArguments } from "../../src/server/argument-check.js";
import type { JsonSchema } from "../../src/server/json-shape.js";
import { formatZodIssues, type Issue } from "../../src/server/zod-issues.js";
import { containerRun } from "../../src/tools/containers/create.js";

const runShape = z.object({ ...containerRun.input, host: z.string().nullish() });
const runSchema = z.toJSONSchema(runShape, { io: "input", unrepresentable: "any" }) as JsonSchema;

/** What call-tool answers for these container_run arguments (undefined when they pass). */
function refusal(args: Record<string, unknown>): string | undefined {
  const problem = checkArguments("container_run", args, runSchema);
  if (problem) return problem;
  const parsed = runShape.safeParse(args);
  return parsed.success ? undefined : formatZodIssues("container_run", parsed.error.issues as Issue[], args, runSchema);
}

describe("zod issues say the expected shape", () => {
  it.each([
    [{ image: "x", command: 5 }, "command: expected a string or an array of strings, got number 5"],
    [{ image: "x", command: [1] }, "command[0]: expected a string, got number 1"],
    [{ image: "x", entrypoint: { a: 1 } }, "entrypoint: expected a string or an array of strings, got object"],
    [{ image: "x", labels: 5 }, "labels: expected an object of strings or an array of strings, got number 5"],
    [{ image: "x", labels: { a: 1 } }, "labels.a: expected a string, got number 1"],
    [{ image: "x", environment: true }, "environment: expected an object of strings, numbers, booleans or null"],
    [{ image: "x", mem_limit: true }, "mem_limit: expected an integer ≥ 0 or a string, got boolean true"],
    [{ image: "x", restart_policy: { Name: "sometimes" } }, 'restart_policy.Name: expected one of "no"'],
    [{ image: "x", detach: "yes" }, "detach: expected a boolean, got string 'yes'"],
    [{ image: "" }, "image: must not be empty"],
    [{}, "image: is required (a string)"],
    [{ image: "x", volumes: 5 }, "volumes: expected an object or an array of strings, got number 5"],
  ])("%j → %s", (args, expected) => {
    const text = refusal(args) ?? "";
    expect(text).toContain(expected);
    expect(text).not.toMatch(/Invalid input\b(?!:)/);
  });

  it("never answers a bare 'Invalid input'", () => {
    const shapes = [5, "s", true, null, [], [1], {}, { a: {} }];
    for (const key of Object.keys(containerRun.input)) {
      for (const value of shapes) {
        const text = refusal({ image: "busybox", [key]: value });
        if (text) expect(text, `${key}=${JSON.stringify(value)}`).not.toMatch(/: Invalid input/);
      }
    }
  });

  it("keeps a schema's own message (the spec's fragments) and adds what came", () => {
    const shape = z.object({ limit: z.number().int().min(1, "limit must be >= 1").default(5) });
    const schema = z.toJSONSchema(shape, { io: "input" }) as JsonSchema;
    const parsed = shape.safeParse({ limit: 0 });
    expect(parsed.success).toBe(false);
    expect(formatZodIssues("t", parsed.error?.issues as Issue[], { limit: 0 }, schema)).toBe(
      "Invalid arguments for t: limit: limit must be >= 1, got number 0. Check the tool's input schema.",
    );
  });

  it("keeps a huge wrong value out of the message", () => {
    const text = refusal({ image: "x", detach: "y".repeat(1 << 20) }) ?? "";
    expect(text.length).toBeLessThan(400);
    expect(text).toContain("detach: expected a boolean, got string 'yyyy");
  });
});

describe("raw-argument checks", () => {
  it("refuses an unknown argument instead of dropping it", () => {
    expect(refusal({ image: "x", filter: { label: "a" } })).toMatch(
      /^Unknown argument 'filter' for container_run; known: image, command,/,
    );
  });

  it("refuses unknown keys inside typed objects", () => {
    expect(refusal({ image: "x", restart_policy: { name: "always" } })).toBe(
      "Unknown key 'name' in restart_policy; known: Name, MaximumRetryCount.",
    );
  });

  it("refuses a __proto__ key anywhere (zod would drop it silently)", () => {
    const args = JSON.parse('{"image": "x", "extra_kwargs": {"__proto__": {"privileged": true}}}');
    expect(refusal(args)).toBe(
      "extra_kwargs: unknown key '__proto__' (it names JavaScript's object prototype, not an option, label or setting); remove it.",
    );
    expect(refusal(JSON.parse('{"image": "x", "labels": {"__proto__": "a"}}'))).toContain(
      "labels: unknown key '__proto__'",
    );
  });

  it("refuses a lone surrogate in any string or key, naming where", () => {
    expect(refusal({ image: "x", name: "web\uD800" })).toContain(
      "name 'web\uFFFD' contains invalid Unicode (a lone surrogate",
    );
    expect(refusal({ image: "x", command: ["sh", "\uDC00"] })).toContain(
      "command[1] '\uFFFD' contains invalid Unicode",
    );
    expect(refusal({ image: "x", labels: { "k\uD800": "v" } })).toContain(
      "A key of labels 'k\uFFFD' contains invalid Unicode",
    );
  });

  it("passes good arguments through", () => {
    expect(
      refusal({ image: "busybox", command: ["true"], labels: { a: "1" }, restart_policy: { Name: "no" } }),
    ).toBeUndefined();
  });
});

describe("secret-looking arguments are never echoed", () => {
  const loginShape = z.object({
    username: z.string().min(1),
    password: z.string().min(1),
    token: z.number().nullish(),
  });
  const loginSchema = z.toJSONSchema(loginShape, { io: "input", unrepresentable: "any" }) as JsonSchema;

  it("in a zod sentence or a lone-surrogate refusal", () => {
    const secret = "hunter2-SeCrEt";
    const wrongType = { username: "u", password: 5, token: secret };
    const parsed = loginShape.safeParse(wrongType);
    const text = parsed.success
      ? ""
      : formatZodIssues("system_login", parsed.error.issues as Issue[], wrongType, loginSchema);
    expect(text).toContain("token: expected");
    expect(text).not.toContain(secret);
    const surrogate = checkArguments("system_login", { username: "u", password: `\ud800${secret}` }, loginSchema);
    expect(surrogate).toContain("password contains invalid Unicode");
    expect(surrogate).not.toContain(secret);
  });
});
