// Shown while a page of Settings loads.
import { SectionLoading } from "@/components/shell/section-loading";

export default function SettingsLoading() {
  return <SectionLoading label="Loading settings" />;
}
