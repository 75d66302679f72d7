// Backing a volume up to a tar file on the server's machine and restoring it, through the archive API (there is no
// native volume export). The archive is rooted at `data/`; restore depends on that.

import { definePrompt } from "../contract/prompt.js";
import { call, renderPlan, say, step } from "./plan.js";

const HELPER_IMAGE = "alpine";

export const backupVolume = definePrompt({
  name: "backup_volume",
  domain: "volumes",
  description: "Back a volume up to a tar file.",
  args: [{ name: "volume", complete: "volume" }, { name: "dest_path" }],
  render: ({ volume, dest_path: dest }, env) =>
    renderPlan(
      {
        goal: `Back up volume ${volume} to ${dest}.`,
        steps: [
          step("Check the volume", call("volume_inspect", { name: volume }), ["volume_inspect"]),
          step(
            "Find its writers and offer to stop them (otherwise the copy is only crash-consistent)",
            `${call("container_list", { all: true, filters: { volume } })}, ${call("container_stop", { id_or_name: "<writer>" })}`,
            ["container_list", "container_stop"],
          ),
          step(
            "Create a helper container with the volume at /data (it need not run; no tar needed in the image)",
            call("container_create", {
              image: HELPER_IMAGE,
              extra_kwargs: { name: "<helper>", volumes: { [String(volume)]: { bind: "/data", mode: "ro" } } },
            }),
            ["container_create"],
          ),
          step(
            "Copy the volume out",
            `${call("container_archive_get_to_file", { id_or_name: "<helper>", path: "/data", dest_path: dest })} — the archive is rooted at data/, which restore_volume depends on (do not repackage)`,
            ["container_archive_get_to_file"],
          ),
          step(
            "Remove the helper and restart what you stopped",
            `${call("container_remove", { id_or_name: "<helper>" })}, ${call("container_start", { id_or_name: "<writer>" })}`,
            ["container_remove", "container_start"],
          ),
          say("Report the path and size; restore_volume is the inverse"),
        ],
      },
      env,
    ),
});

export const restoreVolume = definePrompt({
  name: "restore_volume",
  domain: "volumes",
  description: "Restore a volume from a backup tar (overwrites).",
  args: [
    { name: "volume", complete: "volume" },
    { name: "source_path", description: "The tar written by backup_volume." },
  ],
  render: ({ volume, source_path: source }, env) =>
    renderPlan(
      {
        goal: `Restore volume ${volume} from ${source}. This overwrites its contents.`,
        steps: [
          step(
            "Check whether it exists; if it does, stop and get the user's confirmation to overwrite (its contents cannot be seen without mounting it); otherwise create it",
            `${call("volume_inspect", { name: volume })}, else ${call("volume_create", { name: volume })}`,
            ["volume_inspect", "volume_create"],
          ),
          step(
            "Make sure no running container uses it; offer to stop those that do",
            `${call("container_list", { filters: { volume } })}, ${call("container_stop", { id_or_name: "<user>" })}`,
            ["container_list", "container_stop"],
          ),
          step(
            "Create and start a helper with the volume read-write at /data",
            call("container_run", {
              image: HELPER_IMAGE,
              name: "<helper>",
              command: ["sleep", "3600"],
              detach: true,
              volumes: { [String(volume)]: { bind: "/data", mode: "rw" } },
            }),
            ["container_run"],
          ),
          step(
            "Clear the old files",
            call("container_exec", {
              id_or_name: "<helper>",
              cmd: ["sh", "-c", "rm -rf /data/* /data/.[!.]* /data/..?* 2>/dev/null || true"],
            }),
            ["container_exec"],
          ),
          step(
            "Extract the archive at / (not /data: it is rooted at data/)",
            call("container_archive_put", { id_or_name: "<helper>", path: "/", from_file: source }),
            ["container_archive_put"],
          ),
          step("Verify", call("container_exec", { id_or_name: "<helper>", cmd: ["ls", "/data"] }), ["container_exec"]),
          step(
            "Remove the helper and restart what you stopped",
            `${call("container_remove", { id_or_name: "<helper>", force: true })}, ${call("container_start", { id_or_name: "<user>" })}`,
            ["container_remove", "container_start"],
          ),
          say("Report what was restored"),
        ],
      },
      env,
    ),
});
