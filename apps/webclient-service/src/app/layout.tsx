import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Atrium',
  description: 'Review cardiovascular MR and CT studies',
};

// Every page is rendered per request, none prerendered at build: the
// custom server gives each request a fresh CSP nonce, and Next writes it on
// its scripts only while rendering (a page built ahead of time would carry
// none, and its scripts would be refused). Without this the site root (a
// redirect) and the not-found page were static.
export const dynamic = 'force-dynamic';

export const viewport: Viewport = {
  colorScheme: 'dark',
  themeColor: '#101418',
};

/** The frame every page shares: nothing but the page itself. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
