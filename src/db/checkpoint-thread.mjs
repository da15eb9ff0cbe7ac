// The WAL checkpointer's thread (src/db/checkpointer.ts): a connection of its own to the bot's database file,
// copying the WAL back into it when asked, and cutting a WAL grown large back to nothing while the bot is idle.
// Plain JavaScript, as it needs nothing but the binding.
import { statSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import Database from "libsql";

const db = new Database(workerData.path);
db.exec("PRAGMA busy_timeout = 5000");
const checkpoint = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const truncate = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");

function walBytes() {
  try {
    return statSync(`${workerData.path}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * TRUNCATE holds the write lock while the file is cut, so it must not wait for one: the bot's writes would then
 * wait behind it. Without a wait, a bot in a transaction makes it give up (busy) until the next idle moment.
 */
function shrink(limitBytes) {
  const before = walBytes();
  if (before <= limitBytes) return { busy: 0, log: -1, checkpointed: -1, walBytes: before };
  db.exec("PRAGMA busy_timeout = 0");
  try {
    const { busy, log, checkpointed } = truncate.get();
    return { busy, log, checkpointed, walBytes: walBytes() };
  } finally {
    db.exec("PRAGMA busy_timeout = 5000");
  }
}

parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  try {
    if (typeof message === "object" && message.shrink !== undefined)
      parentPort.postMessage({ ok: true, ...shrink(message.shrink) });
    else {
      const { busy, log, checkpointed } = checkpoint.get();
      parentPort.postMessage({ ok: true, busy, log, checkpointed, walBytes: walBytes() });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.message ?? error) });
  }
});
