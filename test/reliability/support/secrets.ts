// Secrets the server must never echo: the test bed's registry password and token key, and every password a test of
// this run passed. Values are kept in the run directory (deleted afterwards) and only ever reported by label.

import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { testbed } from "../../support/testbed.js";

export interface Secret {
  label: string;
  value: string;
}

const FILE = "secrets.txt";

/** Remembers a value a test passed as a password, so the closing scan looks for it. */
export function noteSecret(value: string, label: string): void {
  const line = JSON.stringify({ label, value: Buffer.from(value).toString("base64") });
  appendFileSync(join(inject("relRunDir"), FILE), `${line}\n`);
}

/** A fresh, distinctive password for a fuzz or defect case (noted for the scan). */
export function newSecret(label: string): string {
  const value = `dmcprelpw${randomBytes(9).toString("hex")}`;
  noteSecret(value, label);
  return value;
}

export function notedSecrets(runDir: string): Secret[] {
  const path = join(runDir, FILE);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const { label, value } = JSON.parse(line) as { label: string; value: string };
      return { label, value: Buffer.from(value, "base64").toString() };
    });
}

export function testbedSecrets(): Secret[] {
  const env = testbed();
  const out: Secret[] = [];
  const password = env.REGISTRY_PASSWORD;
  if (password) {
    out.push({ label: "REGISTRY_PASSWORD", value: password });
    const basic = Buffer.from(`${env.REGISTRY_USER ?? ""}:${password}`).toString("base64");
    out.push({ label: "REGISTRY_USER:REGISTRY_PASSWORD (base64)", value: basic });
  }
  const keyFile = env.REGISTRY_TOKEN_KEY;
  if (keyFile && existsSync(keyFile)) {
    const body = readFileSync(keyFile, "utf8")
      .split("\n")
      .filter((line) => line.length >= 40 && !line.startsWith("-----"));
    body.slice(0, 2).forEach((line, i) => {
      out.push({ label: `REGISTRY_TOKEN_KEY (private key line ${i + 1})`, value: line });
    });
  }
  return out;
}

export interface ScanResult {
  files: number;
  bytes: number;
  hits: Array<{ file: string; label: string }>;
}

/** Looks for every secret in every capture file of the run. */
export function scanCaptures(captureDir: string, secrets: Secret[]): ScanResult {
  const result: ScanResult = { files: 0, bytes: 0, hits: [] };
  if (!existsSync(captureDir)) return result;
  const needles = secrets.filter((secret) => secret.value.length >= 6);
  for (const file of readdirSync(captureDir)) {
    const content = readFileSync(join(captureDir, file));
    result.files++;
    result.bytes += content.length;
    for (const secret of needles) {
      if (content.includes(secret.value)) result.hits.push({ file, label: secret.label });
    }
  }
  return result;
}
