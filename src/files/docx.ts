// Text out of a Word (.docx) file, so a member can send a section they wrote elsewhere.

export function isDocx(fileName: string | undefined, mimeType: string | undefined): boolean {
  return (
    /\.docx$/i.test(fileName ?? "") ||
    mimeType === "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
  );
}

/** Paragraphs become lines; runs of blank lines collapse into one. Throws on a file that is not a .docx. */
export async function extractDocxText(bytes: Uint8Array): Promise<string> {
  // mammoth's Node build reads a Buffer; its browser build (bundled for Workers) an ArrayBuffer.
  const input =
    typeof Buffer !== "undefined"
      ? { buffer: Buffer.from(bytes) }
      : { arrayBuffer: new Uint8Array(bytes).buffer };
  // Loaded on first use, not at start-up: most processes never see a .docx.
  const { default: mammoth } = await import("mammoth");
  const { value } = await mammoth.extractRawText(input as never);
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
