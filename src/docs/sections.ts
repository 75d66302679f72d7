// Documentation sections: what a section is, and the ones no domain owns — the SDK
// overview first, the general references last. Each domain declares its own sections; the index is overview, then
// the domains' sections in domain order, then the references.

export interface DocSection {
  readonly name: string;
  readonly url: string;
  readonly kind: "sdk" | "external";
}

export const SDK_DOCS_BASE_URL = "https://docker-py.readthedocs.io/en/stable";

/** A page of the Docker SDK for Python, whose object model the Engine API tools follow. */
export const sdkSection = (name: string): DocSection => ({
  name,
  url: `${SDK_DOCS_BASE_URL}/${name}.html`,
  kind: "sdk",
});

export const externalSection = (name: string, url: string): DocSection => ({ name, url, kind: "external" });

export const OVERVIEW_SECTIONS: readonly DocSection[] = [sdkSection("index"), sdkSection("client")];

export const REFERENCE_SECTIONS: readonly DocSection[] = [
  externalSection("dockerfile", "https://docs.docker.com/reference/dockerfile/"),
  externalSection("build-best-practices", "https://docs.docker.com/build/building/best-practices/"),
  externalSection("engine-security", "https://docs.docker.com/engine/security/"),
  externalSection("engine-api", "https://docs.docker.com/reference/api/engine/"),
];
