"use client";
// Track and App API keys (hints only; secrets are shown once, at creation): column definitions over the kit.
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";
import { actionsColumn } from "@/components/data-table/row-actions";
import { Badge } from "@/components/ui/badge";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { formatDateTime } from "@/lib/ui/format";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

const column = listColumnHelper<ApiKeySummary>();
const mono = { cellClassName: "font-mono text-xs text-slate-700" };

const columns = column.columns([
  column.accessor("name", { header: "Name", cell: (info) => info.getValue(), meta: { cellClassName: "font-medium text-slate-900" } }),
  column.accessor("kind", { header: "Kind", cell: (info) => (info.getValue() === "track" ? "Track" : "App") }),
  column.accessor("siteId", { header: "Site ID", cell: (info) => info.getValue() ?? "—", meta: mono }),
  column.accessor("keyHint", { header: "Key", cell: (info) => `••••${info.getValue()}`, meta: mono }),
  column.accessor("createdAt", { header: "Created", cell: (info) => formatDateTime(info.getValue()), meta: { cellClassName: "text-slate-600" } }),
  column.accessor("lastUsedAt", { header: "Last used", cell: (info) => (info.getValue() ? formatDateTime(info.getValue()) : "Never"), meta: { cellClassName: "text-slate-600" } }),
  column.accessor("revokedAt", { header: "Status", cell: (info) => (info.getValue() ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>) }),
  actionsColumn({ cell: (key: ApiKeySummary) => (key.revokedAt ? null : <RevokeApiKeyButton id={key.id} name={key.name} />) }),
]);

export function ApiKeysTable({ keys }: { keys: ApiKeySummary[] }) {
  return <ListTable columns={columns} data={keys} getRowId={(key) => key.id} label="API keys" empty="No API keys yet." />;
}
