// The WAL checkpointer's thread (src/db/checkpointer.ts): a connection of its own to the bot's database file,
// copying the WAL back into it when asked. Plain JavaScript, as it needs nothing but the binding.
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout = 5000");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");

parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const { busy, log, checkpointed } = checkpoint.get();
    parentPort.postMessage({ ok: true, busy, log, checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.message ?? error) });
  }
});
