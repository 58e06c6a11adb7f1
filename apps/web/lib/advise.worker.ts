// The advice worker: @qqt/core's advice engine of the model shown, answering the chosen budget with its intervals and
// probabilities off the page's main thread. Loads @qqt/core only.
// Started by components/useEngineAdvice.ts with `new Worker(new URL("../lib/advise.worker.ts", import.meta.url), { type: "module" })`.
import { adviceServer, type AdviseRequest, type AdviseResponse } from "./adviseJob";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<AdviseRequest>) => void) | null;
  postMessage(message: AdviseResponse): void;
};

const serve = adviceServer();
scope.onmessage = (event: MessageEvent<AdviseRequest>) => {
  const response = serve(event.data);
  if (response !== undefined) scope.postMessage(response);
};
