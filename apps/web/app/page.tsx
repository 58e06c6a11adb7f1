import { AdvisorApp } from "../components/AdvisorApp";
import { exampleCatalog, loadExample } from "../lib/exampleCatalog";
import { DEFAULT_EXAMPLE_ID } from "../lib/examples";

// Rendered on the server (per request, for the CSP nonce: see app/layout.tsx): the default model and the list of
// examples come from @qqt/data/examples there, so the page's JavaScript carries none of @qqt/data (it is loaded by
// the worker and on demand).
export default async function Page() {
  const { model } = await loadExample(DEFAULT_EXAMPLE_ID);
  return <AdvisorApp examples={exampleCatalog()} defaultModel={{ id: DEFAULT_EXAMPLE_ID, model: model! }} />;
}
