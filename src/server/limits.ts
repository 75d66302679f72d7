// How big one inbound message may be, and what a caller over it is told to do instead.

import { INBAND_INPUT_MAX_BYTES } from "../engine/inband.js";

/**
 * 48 MiB per message. The largest in-band input, a 32 MiB tar, is 44,739,244 characters of base64; the rest leaves
 * room for the other arguments and for clients that escape `/` or wrap base64 lines.
 */
export const MAX_MESSAGE_BYTES = 48 * 1024 * 1024;

export const TOO_LARGE_ADVICE =
  `In-band tar data (image_load, container_archive_put, image_build) may decode to at most ${INBAND_INPUT_MAX_BYTES / (1024 * 1024)} MiB; ` +
  "for more, put the file on the server's host and pass from_file (path for image_build).";
