// Shown while a page of Activity loads.
import { SectionLoading } from "@/components/shell/section-loading";

export default function ActivityLoading() {
  return <SectionLoading label="Loading activity" />;
}
