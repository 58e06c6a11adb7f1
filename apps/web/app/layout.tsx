import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "qqt — how much to filter for the compute you have",
  description:
    "Budget-aware data filtering advisor: predicted error of every filtering level at your training budget, by the quality–quantity tradeoff scaling laws (Goyal et al., CVPR 2024).",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, colorScheme: "light" };

// Every page is rendered per request, so that its scripts carry that response's CSP nonce (see proxy.ts): a page
// rendered at build time would have scripts without one, and the policy would block them.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>
        <nav aria-label="Pages" style={{ display: "flex", gap: "1.2rem", padding: "0.6rem 1.5rem 0", fontSize: "0.9rem" }}>
          <a href="/">Advisor</a>
          <a href="/workspace">Team workspace</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
