// The admin navigation; `adminOnly` entries are hidden from support staff (and refused on the server).
type NavItem = { href: string; label: string; adminOnly?: boolean };
export type NavSection = { label?: string; items: NavItem[] };

export const NAV_SECTIONS: NavSection[] = [
  {
    items: [
      { href: "/people", label: "People" },
      { href: "/segments", label: "Segments" },
      { href: "/activity", label: "Activity" },
      { href: "/deletions", label: "Deletions" },
    ],
  },
  {
    label: "Settings",
    items: [
      { href: "/settings/email/suppression-list", label: "Email suppression list", adminOnly: true },
      { href: "/settings/suppressed-identifiers", label: "Suppressed identifiers", adminOnly: true },
      { href: "/settings/workspace", label: "Workspace", adminOnly: true },
      { href: "/settings/api-keys", label: "API keys", adminOnly: true },
      { href: "/settings/webhooks", label: "Webhooks", adminOnly: true },
      { href: "/settings/api", label: "API", adminOnly: true },
      { href: "/settings/users", label: "Users", adminOnly: true },
      { href: "/settings/audit-log", label: "Audit log", adminOnly: true },
    ],
  },
];
