// Entry of a parse child process. The bot runs TypeScript through tsx; this entry is plain JavaScript and
// loads the TypeScript job through tsx's API, so it starts the same under `npm start`, vitest and plain node.
import { tsImport } from "tsx/esm/api";

await tsImport("./parse-job.ts", import.meta.url);
