// The advisor's worker: reads imports (@qqt/data) and fits studies (@qqt/fit) off the page's main thread, so the page
// never freezes. One AbortController per job; a `cancel` message aborts it and the job ends with code ABORTED.
// Started by components/workerClient.ts with `new Worker(new URL("../lib/fit.worker.ts", import.meta.url), { type: "module" })`.
import { runJob } from "./workerJobs";
import type { WorkerRequest, WorkerResponse } from "./workerProtocol";

/** The worker's global scope, typed by what is used (the DOM typings of this project describe a window). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
};

const running = new Map<number, AbortController>();

scope.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === "cancel") {
    running.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.id, controller);
  void runJob(request, (response: WorkerResponse) => scope.postMessage(response), controller.signal).finally(() => running.delete(request.id));
};
