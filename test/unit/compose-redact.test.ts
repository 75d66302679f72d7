// compose_config's redaction of secret-looking values, and the parsing of `docker compose top`.

import { describe, expect, it } from "vitest";
import { redacted, SecretNames } from "../../src/base/redact.js";
import { parseTop } from "../../src/tools/compose/query.js";
import { redactJson, redactYaml } from "../../src/tools/compose/redact.js";

const names = new SecretNames();

describe("redacting compose config", () => {
  it("replaces scalar values under secret-looking keys in JSON, walking into objects and lists", () => {
    const { value, count } = redactJson(
      {
        name: "app",
        services: {
          web: {
            environment: { DB_PASSWORD: "hunter2", API_KEY: 42, PLAIN: "ok", EMPTY_TOKEN: "" },
            secrets: ["db_password"],
            labels: { "com.example.auth-token": "t0k" },
          },
        },
        secrets: { db_password: { file: "./pw.txt" } },
      },
      names,
    );
    expect(count).toBe(3);
    expect(value).toEqual({
      name: "app",
      services: {
        web: {
          environment: {
            DB_PASSWORD: redacted("DB_PASSWORD"),
            API_KEY: redacted("API_KEY"),
            PLAIN: "ok",
            EMPTY_TOKEN: "",
          },
          secrets: ["db_password"],
          labels: { "com.example.auth-token": redacted("com.example.auth-token") },
        },
      },
      secrets: { db_password: { file: "./pw.txt" } },
    });
  });

  it("redacts YAML lines, quoted keys, list assignments and block scalars without parsing YAML", () => {
    const yaml = [
      "services:",
      "  web:",
      "    environment:",
      "      DB_PASSWORD: hunter2",
      "      \"SECRET_KEY\": 'abc'",
      "      PLAIN: visible",
      "      PRIVATE_KEY: |",
      "        -----BEGIN KEY-----",
      "        MIIE...",
      "      AFTER: kept",
      "      DATABASE_URL: postgres://app:s3cr3tpw@db/app",
      "    command:",
      "      - GITHUB_TOKEN=ghp_x",
      "      - echo",
      "secrets:",
      "  db_password:",
      "    file: ./pw.txt",
    ].join("\n");
    const { text, count } = redactYaml(yaml, names);
    expect(count).toBe(5);
    expect(text).not.toMatch(/hunter2|abc|BEGIN|MIIE|ghp_x|s3cr3tpw/);
    expect(text).toContain('DB_PASSWORD: "***redacted (DB_PASSWORD)***"');
    expect(text).toContain('"SECRET_KEY": "***redacted (SECRET_KEY)***"');
    expect(text).toContain("DATABASE_URL: postgres://app:***redacted (DATABASE_URL)***@db/app");
    expect(text).toContain("PLAIN: visible");
    expect(text).toContain("AFTER: kept");
    expect(text).toContain("- GITHUB_TOKEN=***redacted (GITHUB_TOKEN)***");
    expect(text).toContain("    file: ./pw.txt");
    expect(text).toContain("secrets:\n  db_password:");
  });
});

describe("compose top output", () => {
  it("splits per container; the command column keeps its spaces", () => {
    const text = [
      "p-web-1",
      "UID    PID     PPID    C    STIME   TTY   TIME       CMD",
      "root   18357   18332   0    21:21   ?     00:00:00   sleep 300   ",
      "",
      "p-worker-1",
      "UID    PID     PPID    C    STIME   TTY   TIME       CMD",
      "root   18293   18270   0    21:21   ?     00:00:00   sh -c echo hi; sleep 1",
      "",
    ].join("\n");
    expect(parseTop(text)).toEqual({
      "p-web-1": {
        Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        Processes: [["root", "18357", "18332", "0", "21:21", "?", "00:00:00", "sleep 300"]],
      },
      "p-worker-1": {
        Titles: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"],
        Processes: [["root", "18293", "18270", "0", "21:21", "?", "00:00:00", "sh -c echo hi; sleep 1"]],
      },
    });
  });
});
