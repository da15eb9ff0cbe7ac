// Entry of the chart renderer's thread (see render-node.ts). The bot runs TypeScript through tsx; this entry is
// plain JavaScript and loads the TypeScript through tsx's API, so the thread starts the same under `npm start`,
// vitest and plain node (as src/files/parse-child.mjs does for parse children).
import { tsImport } from "tsx/esm/api";

await tsImport("./render-thread.ts", import.meta.url);
