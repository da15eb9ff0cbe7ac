// The Word document button (src/handlers/documents.ts): `doc1:r:<report>` ("doc" the feature, "1" this layout;
// "doc:r:<report>" was the older one). Here in src/bot because the staff card and /my offer it too.
import { arg, defineCodec } from "./callback-codec";

export const documentButtons = defineCodec({
  feature: "doc",
  version: 1,
  older: ["doc"],
  actions: {
    report: { code: "r", args: { reportId: arg.id } },
  },
});

/** The button's data for a report's .docx. */
export function reportDocumentData(reportId: number): string {
  return documentButtons.encode({ action: "report", reportId });
}
