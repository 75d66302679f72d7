// Shell-style host patterns as OpenSSH writes them in ssh_config and known_hosts: `*` any run, `?` one character,
// matched case-insensitively against the whole name.

export function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}
