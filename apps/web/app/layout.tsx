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
      <body>{children}</body>
    </html>
  );
}
