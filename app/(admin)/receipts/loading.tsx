// Shown while a page of Receipts loads.
import { SectionLoading } from "@/components/shell/section-loading";

export default function ReceiptsLoading() {
  return <SectionLoading label="Loading the certificate" />;
}
