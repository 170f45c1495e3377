// Shown while a page of Deletions loads.
import { SectionLoading } from "@/components/shell/section-loading";

export default function DeletionsLoading() {
  return <SectionLoading label="Loading deletions" />;
}
