import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Atrium',
  description: 'Review cardiovascular MR and CT studies',
};

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
