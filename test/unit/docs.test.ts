import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { referenceConfig } from "../../scripts/tool-docs.js";
import type { ServerConfig } from "../../src/config/index.js";
import { cacheFileName, writeCachedPage } from "../../src/docs/cache.js";
import { fetchableUrl, fetchDocPage } from "../../src/docs/fetch.js";
import { htmlToText } from "../../src/docs/html-text.js";
import { createDocsLibrary, type DocsLibrary } from "../../src/docs/library.js";
import type { Transport } from "../../src/https/transport.js";
import { undiciTransport } from "../../src/https/transport.js";
import { docSections } from "../../src/server/context.js";
import { DOCS_PART_BYTES, docsLookup, splitParts } from "../../src/tools/docs/index.js";
import { ALL_DOMAINS } from "../../src/tools/index.js";
import { FakeServer } from "../support/fake-registry.js";
import { contextFactory, toolContext } from "../support/tool-context.js";

let servers: FakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A configuration whose one host is a socket that does not exist: no daemon answers. */
function config(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    ...referenceConfig({ DOCKER_HOST: "unix:///nonexistent/dmcp-docs-test.sock" }),
    version: "1.2.3",
    docsCacheDir: mkdtempSync(join(tmpdir(), "dmcp-docs-")),
    ...overrides,
  };
}

const offline: Transport = async (request) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${request.url.hostname}`), { code: "ENOTFOUND" });
};

const signal = new AbortController().signal;

/** The library as the server builds it, over the given transport; its one host is down. */
function docs(cfg: ServerConfig, transport: Transport = offline): DocsLibrary {
  return contextFactory(cfg, transport).docs;
}

/** The library with a stand-in for the default daemon's API version. */
function docsWithApiVersion(cfg: ServerConfig, apiVersion: string): DocsLibrary {
  const sections = docSections(ALL_DOMAINS, cfg.disabled);
  return createDocsLibrary({
    sections: sections.enabled,
    disabled: sections.hidden,
    cacheDir: cfg.docsCacheDir,
    version: cfg.version,
    transport: () => offline,
    apiVersion: async () => apiVersion,
  });
}

const docsContents = (cfg: ServerConfig) => docs(cfg).contents();

const PAGE = `<!doctype html><html><head><title>Containers</title><script>alert("x")</script><style>.a{}</style></head>
<body><nav><a href="/">Home</a> Docs</nav><main><h1>Containers</h1><p>Run <b>things</b>, see <a href="/run/">run</a>.</p>
<h2>Usage</h2><ul><li>one</li><li>two<ol><li>inner</li></ol></li></ul><pre><code class="language-console">$ docker run --rm \\
    alpine echo hi
</code></pre><table><tr><th>Flag</th><th>Meaning</th></tr><tr><td><code>--rm</code></td><td>remove after exit</td></tr></table>
</main><footer>© Docker</footer></body></html>`;

describe("HTML rendering", () => {
  it("keeps headings, lists, code, tables and links; drops scripts, styles and chrome", () => {
    const text = htmlToText(PAGE, "https://docs.docker.com/engine/containers/");
    expect(text).toBe(
      [
        "# Containers",
        "Run **things**, see [run](https://docs.docker.com/run/).",
        "## Usage",
        "- one\n- two\n  1. inner",
        "```console\n$ docker run --rm \\\n    alpine echo hi\n```",
        "| Flag | Meaning |\n| --- | --- |\n| `--rm` | remove after exit |",
      ].join("\n\n"),
    );
    for (const gone of ["alert", ".a{}", "Home", "© Docker"]) expect(text).not.toContain(gone);
  });

  it("survives broken markup and decodes entities", () => {
    expect(htmlToText("<p>a &amp; b &lt;c&gt; &#x263A; &unknown; <b>bold<p>next")).toBe(
      "a & b <c> ☺ &unknown; **bold**\n\nnext",
    );
    expect(htmlToText("plain text only")).toBe("plain text only");
    expect(htmlToText("<title>T</title><body><p>x</p></body>")).toBe("# T\n\nx");
  });

  it("reads GitHub blob pages through their raw form", () => {
    expect(fetchableUrl("https://github.com/opencontainers/distribution-spec/blob/main/spec.md")).toBe(
      "https://raw.githubusercontent.com/opencontainers/distribution-spec/main/spec.md",
    );
    expect(fetchableUrl("https://docs.docker.com/x/")).toBe("https://docs.docker.com/x/");
  });
});

describe("fetching a page", () => {
  async function serve(handler: Parameters<typeof FakeServer.start>[0]) {
    const server = await FakeServer.start(handler);
    servers.push(server);
    return server;
  }
  const options = { version: "1.2.3", transport: undiciTransport(undefined), signal: new AbortController().signal };

  it("follows redirects, sends the User-Agent and renders HTML", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/old") {
        res.writeHead(301, { location: "/new/" });
        return res.end();
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
    });
    const text = await fetchDocPage(`${server.origin}/old`, options);
    expect(text.startsWith(`Source: ${server.origin}/old\n\n# Containers\n`)).toBe(true);
    expect(text).toContain(`[run](${server.origin}/run/)`);
    expect(server.requests.map((r) => r.headers["user-agent"])).toEqual([
      "docker-mcp-server/1.2.3",
      "docker-mcp-server/1.2.3",
    ]);
  });

  it("passes text through, fails on non-2xx, and caps the body", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/missing") {
        res.writeHead(404);
        return res.end("nope");
      }
      if (req.url === "/huge") {
        res.writeHead(200, { "content-type": "text/html" });
        return res.end(Buffer.alloc(16 * 1024 * 1024 + 10, 0x61));
      }
      res.writeHead(200, { "content-type": "text/markdown" });
      res.end("# Spec\n\nBody \uFFFD ok");
    });
    expect(await fetchDocPage(`${server.origin}/spec.md`, options)).toBe(
      `Source: ${server.origin}/spec.md\n\n# Spec\n\nBody \uFFFD ok\n`,
    );
    await expect(fetchDocPage(`${server.origin}/missing`, options)).rejects.toThrow(/HTTP 404/);
    await expect(fetchDocPage(`${server.origin}/huge`, options)).rejects.toThrow("exceeded the 16777216-byte limit");
    await expect(fetchDocPage(`${server.origin}/spec.md`, { ...options, capBytes: 5 })).rejects.toThrow(
      "exceeded the 5-byte limit",
    );
  });

  it("times out", async () => {
    const server = await serve(() => undefined);
    await expect(fetchDocPage(`${server.origin}/slow`, { ...options, timeoutMs: 200 })).rejects.toThrow(/timed out/);
  });
});

describe("docker-docs:// sections and docs_lookup", () => {
  it("lists the 31 sections plus the Engine API version section, hiding disabled domains", () => {
    const all = JSON.parse(docsContents(config()));
    expect(all.base_url).toBe("https://docker-py.readthedocs.io/en/stable");
    expect(all.sdk_base_url).toBe(all.base_url);
    expect(all.sections).toHaveLength(32);
    expect(all.sections.slice(0, 2)).toEqual(["index", "client"]);
    expect(all.sections.at(-1)).toBe("engine-api-version");
    expect(all.section_urls.containers).toBe("https://docker-py.readthedocs.io/en/stable/containers.html");
    expect(all.disabled_sections).toEqual([]);
    const some = JSON.parse(docsContents(config({ disabled: ["scout", "system", "registry"] })));
    expect(some.disabled_sections).toEqual(["registry-api", "oci-distribution-spec", "hub-api", "scout", "scout-cli"]);
    expect(some.sections).toContain("client");
    expect(some.sections).not.toContain("scout");
    expect(Object.keys(some.section_urls)).toEqual(some.sections);
  });

  it("refuses disabled and unknown sections", async () => {
    const library = docs(config({ disabled: ["scout"] }));
    await expect(library.read("scout-cli", signal)).rejects.toThrow(
      /disabled via DOCKER_MCP_SERVER_DISABLE.*docker-docs:\/\/contents/,
    );
    for (const name of ["nope", "", "contents"]) {
      await expect(library.read(name, signal)).rejects.toThrow("Unknown documentation section");
    }
  });

  it("serves a cached page offline and instantly; with no cache it says why", async () => {
    const cfg = config();
    const library = docs(cfg);
    const url = "https://docs.docker.com/reference/dockerfile/";
    await expect(library.read("dockerfile", signal)).rejects.toThrow(
      /Cannot fetch documentation section 'dockerfile' from https:\/\/docs\.docker\.com\/reference\/dockerfile\/: .*No cached copy exists yet in/,
    );
    await writeCachedPage(cfg.docsCacheDir, "dockerfile", url, "# Dockerfile reference\n");
    expect(await library.read("dockerfile", signal)).toBe("# Dockerfile reference\n");
    // an old copy is still better than an error when offline
    const file = join(cfg.docsCacheDir, cacheFileName("dockerfile", url));
    utimesSync(file, new Date(0), new Date(0));
    expect(await library.read("dockerfile", signal)).toBe("# Dockerfile reference\n");
  });

  it("fetches once, writes the cache atomically, then reads from disk", async () => {
    const server = await FakeServer.start((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<h1>Engine security</h1><p>Namespaces.</p>");
    });
    servers.push(server);
    const cfg = config();
    const transport: Transport = (request) =>
      undiciTransport(undefined)({ ...request, url: new URL(request.url.pathname, server.origin) });
    const first = await docs(cfg, transport).read("engine-security", signal);
    expect(first).toBe("Source: https://docs.docker.com/engine/security/\n\n# Engine security\n\nNamespaces.\n");
    const files = readdirSync(cfg.docsCacheDir);
    expect(files).toEqual([cacheFileName("engine-security", "https://docs.docker.com/engine/security/")]);
    expect(readFileSync(join(cfg.docsCacheDir, files[0] as string), "utf8")).toBe(first);
    expect(await docs(cfg).read("engine-security", signal)).toBe(first);
    expect(server.requests).toHaveLength(1);
  });

  it("resolves engine-api-version from the default daemon, and says so when it is down", async () => {
    const cfg = config();
    const url = "https://docs.docker.com/reference/api/engine/version/v1.41/";
    writeFileSync(join(cfg.docsCacheDir, cacheFileName("engine-api-version", url)), "# Engine API v1.41\n");
    expect(await docsWithApiVersion(cfg, "1.41").read("engine-api-version", signal)).toBe("# Engine API v1.41\n");
    await expect(docs(cfg).read("engine-api-version", signal)).rejects.toThrow(
      /default host 'default' did not answer \(.*ENOENT/,
    );
  });

  it("docs_lookup mirrors the resources", async () => {
    const cfg = config({ disabled: ["compose"] });
    const ctx = toolContext(cfg, {}, offline);
    expect(await docsLookup.run({ section: null, part: 1 }, ctx)).toBe(docsContents(cfg));
    expect(await docsLookup.run({ part: 1 }, ctx)).toBe(docsContents(cfg));
    await expect(docsLookup.run({ section: "compose-file", part: 1 }, ctx)).rejects.toThrow(
      "disabled via DOCKER_MCP_SERVER_DISABLE",
    );
    for (const section of ["", "contents"]) {
      await expect(docsLookup.run({ section, part: 1 }, ctx)).rejects.toThrow("Unknown documentation section");
    }
  });

  it("splits a long page into parts under the result cap, at line ends, losing nothing", () => {
    const line = `${"é".repeat(40)} Dockerfile instruction text\n`;
    const text = line.repeat(3000);
    const parts = splitParts(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.join("")).toBe(text);
    for (const part of parts) {
      expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(DOCS_PART_BYTES);
      expect(part.endsWith("\n")).toBe(true);
    }
    const oneLine = "€".repeat(50_000);
    const cut = splitParts(oneLine, 1000);
    expect(cut.join("")).toBe(oneLine);
    expect(cut.every((part) => Buffer.byteLength(part, "utf8") <= 1000 && !part.includes("\uFFFD"))).toBe(true);
    expect(splitParts("")).toEqual([""]);
    expect(splitParts("€", 1)).toEqual(["€"]);
  });

  it("docs_lookup hands out a long page in parts, each saying how to get the next", async () => {
    const cfg = config();
    const url = "https://docs.docker.com/reference/dockerfile/";
    const page = `Source: ${url}\n\n${"## RUN\nRun a command in a new layer.\n".repeat(5000)}`;
    await writeCachedPage(cfg.docsCacheDir, "dockerfile", url, page);
    const ctx = toolContext(cfg, {}, offline);
    const parts = splitParts(page);
    expect(parts).toHaveLength(4);
    const first = (await docsLookup.run({ section: "dockerfile", part: 1 }, ctx)) as string;
    expect(first).toBe(
      `${parts[0]}[part 1 of 4. Call docs_lookup with section="dockerfile", part=2 for the next one.]`,
    );
    const last = (await docsLookup.run({ section: "dockerfile", part: 4 }, ctx)) as string;
    expect(last).toBe(`${parts[3]}[part 4 of 4.]`);
    await expect(docsLookup.run({ section: "dockerfile", part: 5 }, ctx)).rejects.toThrow(
      "has 4 part(s); part 5 does not exist",
    );
  });
});
