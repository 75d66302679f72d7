// The `auth_config` parameter of the image tools that take credentials per call (image_push, image_registry_data).
// Which credentials a call then sends is decided in engine/registry-auth.ts.

import { z } from "zod";

export const authConfigInput = z
  .object({
    username: z.string().optional(),
    password: z.string().optional(),
    identitytoken: z.string().optional(),
    serveraddress: z.string().optional(),
  })
  .nullish()
  .describe("For this call only; prefer system_login.");
