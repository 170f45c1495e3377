// Shown while a page of Segments loads.
import { SectionLoading } from "@/components/shell/section-loading";

export default function SegmentsLoading() {
  return <SectionLoading label="Loading segments" />;
}
