// A container reference is an id, an id prefix or a name, and nothing else. It is put into request paths, so
// anything with a slash or dot-dot could retarget the request (dockerode does not encode it): refuse it up front.

const REFERENCE = /^\/?[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const CONTAINER_REF_HINT = "a container id, id prefix or name (letters, digits, _ . - only)";

export function isContainerRef(value: string): boolean {
  return REFERENCE.test(value);
}
