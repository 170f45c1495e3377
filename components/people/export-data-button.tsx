import { Download } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";

// "Export data" on the person page: the person's data as one JSON file (streamed by the server, audited).
export function ExportDataButton({ cioId }: { cioId: string }) {
  return (
    <a href={`/api/people/${cioId}/export`} download className={buttonClasses("secondary")}>
      <Download aria-hidden className="size-4" /> Export data
    </a>
  );
}
