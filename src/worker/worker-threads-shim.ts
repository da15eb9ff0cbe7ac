// Stands in for node:worker_threads in the Worker bundle (wrangler.toml [alias]). @grammyjs/runner imports it
// for distribute(), which runs updates in worker threads; Minyi uses only its sequentialize(), so none of
// this is ever called on Workers.
export const workerData = undefined;
export const parentPort = null;
export class Worker {
  constructor() {
    throw new Error("worker_threads is not available on Cloudflare Workers");
  }
}
