"use client";
// A person's attributes: each row named by its attribute (a row header), so a screen reader reads
// "plan, pro".
import { ListTable, listColumnHelper } from "@/components/data-table/data-table";

type Attribute = { name: string; value: string };

const column = listColumnHelper<Attribute>();
const columns = column.columns([
  column.accessor("name", {
    header: "Name",
    cell: (info) => info.getValue(),
    meta: { isRowHeader: true, headerClassName: "sr-only", cellClassName: "font-medium text-slate-600" },
  }),
  column.accessor("value", { header: "Value", cell: (info) => info.getValue(), meta: { headerClassName: "sr-only", cellClassName: "break-all whitespace-normal" } }),
]);

export function PersonAttributesTable({ attributes }: { attributes: Attribute[] }) {
  return <ListTable columns={columns} data={attributes} getRowId={(row) => row.name} label="Attributes" empty="No attributes." className="border-0" />;
}
