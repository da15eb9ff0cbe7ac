// One parse in a child process (src/files/parse-in-child.ts): reads the file it is sent with the inline reader,
// sends the result back and exits. Node only; started through parse-child.mjs.
import { inlineReader } from "./read";

export type ParseJob =
  | { kind: "docx"; bytes: Uint8Array }
  | { kind: "roster"; bytes: Uint8Array; fileName: string };

// The bot gone (stopped, killed): nobody waits for the answer.
process.once("disconnect", () => process.exit(0));

process.once("message", async (job: ParseJob) => {
  const result =
    job.kind === "docx"
      ? await inlineReader.docxText(job.bytes)
      : await inlineReader.roster(job.bytes, job.fileName);
  process.send?.(result, () => process.exit(0));
});
