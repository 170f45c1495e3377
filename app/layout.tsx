import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { ZodWithoutEval } from "@/components/zod-without-eval";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "People admin", template: "%s · People admin" },
  description: "Find people, delete them forever, and suppress their identifiers.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next puts the request's CSP nonce (proxy.ts) on its scripts
  // only when it renders, so a page prerendered at build time (the 404 page, say) would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="font-sans">
        <ZodWithoutEval />
        {children}
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
