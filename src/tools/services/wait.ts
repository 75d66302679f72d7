// service_wait: until tasks run or a rolling update ends; a timeout is a result, not an error.

import { z } from "zod";
import { CallerError } from "../../base/errors.js";
import { defineTool } from "../../contract/tool.js";
import { checkPollOptions, pollUntil, type Verdict } from "../../engine/poll.js";
import { inspectService, type TaskSummary, taskSummary } from "../../engine/services.js";
import { SwarmApi } from "../../engine/swarm.js";
import { serviceRef } from "./manage.js";

const CONVERGED = new Set(["completed", "rollback_completed"]);

export const serviceWait = defineTool({
  description:
    'Wait until its tasks run (optionally `replicas` of them) or its rolling update ends ("update-converged").',
  input: {
    id_or_name: serviceRef,
    until: z.enum(["running", "update-converged"]).default("running"),
    replicas: z.number().int().nullish().describe("running: tasks to wait for (default: desired)."),
    timeout_seconds: z.number().default(600),
    poll_interval: z.number().default(2),
  },
  async run(args, ctx) {
    checkPollOptions(args.timeout_seconds, args.poll_interval);
    if (args.replicas != null && args.replicas < 0) throw new CallerError("replicas must be >= 0.");
    const api = await SwarmApi.of(ctx);
    const outcome = await pollUntil<TaskSummary>(
      { timeoutSeconds: args.timeout_seconds, intervalSeconds: args.poll_interval, signal: ctx.signal },
      async () => {
        const summary = await taskSummary(api, await inspectService(api, args.id_or_name));
        let verdict: Verdict;
        if (args.until === "running") {
          verdict = summary.running_tasks >= (args.replicas ?? summary.desired_tasks) ? "met" : "wait";
        } else if (summary.update_state === null) {
          verdict = "stop"; // never updated: there is no rollout to wait for
        } else {
          verdict = CONVERGED.has(summary.update_state) ? "met" : "wait";
        }
        return { verdict, value: summary };
      },
    );
    const { last } = outcome;
    return {
      service: args.id_or_name,
      until: args.until,
      met: outcome.met,
      timed_out: outcome.timed_out,
      running_tasks: last.running_tasks,
      desired_tasks: args.replicas ?? last.desired_tasks,
      failed_tasks: last.failed_tasks,
      update_state: last.update_state,
      waited_seconds: outcome.waited_seconds,
    };
  },
});
