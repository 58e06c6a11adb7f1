import type { Metadata, Viewport } from "next";
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

export default function RootLayout({ children }: { children: ReactNode }) {
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
