import { Badge } from "@/components/ui/badge";
import type { ApiKeySummary } from "@/lib/api-keys/api-keys";
import { formatDateTime } from "@/lib/ui/format";
import { RevokeApiKeyButton } from "./revoke-api-key-button";

export function ApiKeysTable({ keys }: { keys: ApiKeySummary[] }) {
  if (keys.length === 0) return <p className="text-sm text-slate-600">No API keys yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">API keys</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">Name</th>
            <th scope="col" className="px-4 py-2">Kind</th>
            <th scope="col" className="px-4 py-2">Site ID</th>
            <th scope="col" className="px-4 py-2">Key</th>
            <th scope="col" className="px-4 py-2">Created</th>
            <th scope="col" className="px-4 py-2">Last used</th>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="px-4 py-3 font-medium text-slate-900">{key.name}</td>
              <td className="px-4 py-3 text-slate-700">{key.kind === "track" ? "Track" : "App"}</td>
              <td className="px-4 py-3 font-mono text-xs text-slate-700">{key.siteId ?? "—"}</td>
              <td className="px-4 py-3 font-mono text-xs text-slate-700">••••{key.keyHint}</td>
              <td className="px-4 py-3 text-slate-600">{formatDateTime(key.createdAt)}</td>
              <td className="px-4 py-3 text-slate-600">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"}</td>
              <td className="px-4 py-3">{key.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}</td>
              <td className="px-4 py-3 text-right">{key.revokedAt ? null : <RevokeApiKeyButton id={key.id} name={key.name} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
