// Shown while the Segments list loads. In the (list) route group so that it wraps the list only: a
// segment page must reach notFound() before anything streams, or an unknown segment answers 200.
import { SectionLoading } from "@/components/shell/section-loading";

export default function SegmentsLoading() {
  return <SectionLoading label="Loading segments" />;
}
