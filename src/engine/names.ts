// Object names for argument completion: one Engine list call per kind, names only.

import type Docker from "dockerode";

export type NameKind = "container" | "image" | "network" | "volume" | "service" | "node" | "compose_project";

const COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

export async function listNames(docker: Docker, kind: NameKind, signal: AbortSignal): Promise<string[]> {
  const options = { abortSignal: signal };
  switch (kind) {
    case "container":
      return (await docker.listContainers({ all: true, ...options })).flatMap((c) =>
        (c.Names ?? []).map((name) => name.replace(/^\//, "")),
      );
    case "image":
      return (await docker.listImages(options)).flatMap((i) => (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"));
    case "network":
      return (await docker.listNetworks(options)).map((n) => n.Name);
    case "volume":
      return ((await docker.listVolumes(options)).Volumes ?? []).map((v) => v.Name);
    case "service":
      return (await docker.listServices(options)).flatMap((s) => (s.Spec?.Name ? [s.Spec.Name] : []));
    case "node":
      return (await docker.listNodes(options)).flatMap((n) =>
        n.Description?.Hostname ? [n.Description.Hostname] : n.ID ? [n.ID] : [],
      );
    case "compose_project": {
      const listed = await docker.listContainers({
        all: true,
        filters: JSON.stringify({ label: [COMPOSE_PROJECT_LABEL] }),
        ...options,
      });
      return listed.flatMap((c) => (c.Labels?.[COMPOSE_PROJECT_LABEL] ? [c.Labels[COMPOSE_PROJECT_LABEL]] : []));
    }
  }
}
