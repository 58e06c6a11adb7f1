import { AdvisorApp } from "../components/AdvisorApp";

export default function Page() {
  return <AdvisorApp />;
}
