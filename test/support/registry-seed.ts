// Puts small hand-made images into the test bed's registries through the registry HTTP API (blob uploads and
// manifest PUTs), so the registry tests own their content: single-platform images and a multi-arch OCI index.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Agent, type Dispatcher, request } from "undici";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";

const digestOf = (data: Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
}

/** Every manifest pushed by this test file, so `deletePushedManifests` can take them out of the shared registries. */
const pushed: Array<{ writer: RegistryWriter; repository: string; digest: string }> = [];

/** Deletes every manifest this file pushed (the test bed registries allow deletes); best effort, never throws. */
export async function deletePushedManifests(): Promise<number> {
  let deleted = 0;
  for (const { writer, repository, digest } of pushed.splice(0).reverse()) {
    if (await writer.deleteManifest(repository, digest).catch(() => false)) deleted++;
  }
  return deleted;
}

export class RegistryWriter {
  private readonly dispatcher: Dispatcher | undefined;

  constructor(
    /** `http://127.0.0.1:5000` or `https://127.0.0.1:5443`. */
    private readonly origin: string,
    private readonly authorization?: (repository: string) => string,
    caFile?: string,
  ) {
    this.dispatcher = caFile ? new Agent({ connect: { ca: readFileSync(caFile, "utf8") } }) : undefined;
  }

  private headers(repository: string, extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.authorization ? { authorization: this.authorization(repository) } : {}), ...extra };
  }

  async pushBlob(repository: string, data: Buffer, mediaType: string): Promise<Descriptor> {
    const digest = digestOf(data);
    const start = await request(`${this.origin}/v2/${repository}/blobs/uploads/`, {
      method: "POST",
      headers: this.headers(repository),
      dispatcher: this.dispatcher,
    });
    await start.body.dump();
    if (start.statusCode !== 202) throw new Error(`blob upload start: HTTP ${start.statusCode}`);
    const location = new URL(String(start.headers.location), this.origin);
    location.searchParams.set("digest", digest);
    const put = await request(location, {
      method: "PUT",
      headers: this.headers(repository, { "content-type": "application/octet-stream" }),
      body: data,
      dispatcher: this.dispatcher,
    });
    await put.body.dump();
    if (put.statusCode !== 201) throw new Error(`blob upload: HTTP ${put.statusCode}`);
    return { mediaType, digest, size: data.length };
  }

  async pushManifest(repository: string, reference: string, manifest: object, mediaType: string): Promise<Descriptor> {
    const body = Buffer.from(JSON.stringify(manifest));
    const put = await request(`${this.origin}/v2/${repository}/manifests/${reference}`, {
      method: "PUT",
      headers: this.headers(repository, { "content-type": mediaType }),
      body,
      dispatcher: this.dispatcher,
    });
    const text = await put.body.text();
    if (put.statusCode !== 201)
      throw new Error(`manifest PUT ${repository}:${reference}: HTTP ${put.statusCode} ${text}`);
    pushed.push({ writer: this, repository, digest: digestOf(body) });
    return { mediaType, digest: digestOf(body), size: body.length };
  }

  /** Records a manifest pushed some other way (the docker CLI) for `deletePushedManifests`, found by its tag. */
  async track(repository: string, tag: string): Promise<void> {
    const head = await request(`${this.origin}/v2/${repository}/manifests/${tag}`, {
      method: "HEAD",
      headers: this.headers(repository, {
        accept: "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json",
      }),
      dispatcher: this.dispatcher,
    });
    await head.body.dump();
    const digest = head.headers["docker-content-digest"];
    if (head.statusCode === 200 && typeof digest === "string") pushed.push({ writer: this, repository, digest });
  }

  async deleteManifest(repository: string, digest: string): Promise<boolean> {
    const response = await request(`${this.origin}/v2/${repository}/manifests/${digest}`, {
      method: "DELETE",
      headers: this.headers(repository),
      dispatcher: this.dispatcher,
    });
    await response.body.dump();
    return response.statusCode === 202 || response.statusCode === 404;
  }

  /** A one-layer image for `platform`; returns its manifest descriptor (with the platform, for an index). */
  async pushImage(
    repository: string,
    tags: string[],
    platform: { os: string; architecture: string; variant?: string },
  ): Promise<Descriptor> {
    const tar = Buffer.alloc(1024); // an empty tar archive: two zero blocks
    const layer = gzipSync(tar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        ...(platform.variant ? { variant: platform.variant } : {}),
        os: platform.os,
        created: "2025-01-02T03:04:05Z",
        config: {
          Env: ["PATH=/usr/bin", `ARCH=${platform.architecture}`],
          Entrypoint: ["/bin/app"],
          Cmd: ["--serve"],
          User: "1000",
          Labels: { "org.opencontainers.image.title": "dmcp-test", arch: platform.architecture },
          ExposedPorts: { "8080/tcp": {} },
        },
        rootfs: { type: "layers", diff_ids: [digestOf(tar)] },
        history: [{ created: "2025-01-02T03:04:05Z", created_by: "hand-made by the dmcp tests" }],
      }),
    );
    const configDescriptor = await this.pushBlob(repository, config, "application/vnd.oci.image.config.v1+json");
    const layerDescriptor = await this.pushBlob(repository, layer, "application/vnd.oci.image.layer.v1.tar+gzip");
    const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers: [layerDescriptor] };
    let descriptor: Descriptor | undefined;
    for (const tag of tags) descriptor = await this.pushManifest(repository, tag, manifest, OCI_MANIFEST);
    if (!descriptor)
      descriptor = await this.pushManifest(
        repository,
        digestOf(Buffer.from(JSON.stringify(manifest))),
        manifest,
        OCI_MANIFEST,
      );
    return { ...descriptor, platform };
  }

  /** amd64 and arm64/v8 images under one OCI index, plus an attestation-style `unknown/unknown` entry. */
  async pushMultiArch(repository: string, tag: string): Promise<{ index: Descriptor; children: Descriptor[] }> {
    const amd64 = await this.pushImage(repository, [], { os: "linux", architecture: "amd64" });
    const arm64 = await this.pushImage(repository, [], { os: "linux", architecture: "arm64", variant: "v8" });
    const attestation = {
      mediaType: OCI_MANIFEST,
      digest: amd64.digest,
      size: amd64.size,
      platform: { os: "unknown", architecture: "unknown" },
    };
    const index = await this.pushManifest(
      repository,
      tag,
      { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [amd64, arm64, attestation] },
      OCI_INDEX,
    );
    return { index, children: [amd64, arm64] };
  }
}

export const basic = (user: string, password: string) => () =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
