import Link from 'next/link';
import type { ReactNode } from 'react';
import { LogoutButton } from './auth/LogoutButton';
import { SessionKeeper } from './auth/SessionKeeper';

/** The bar at the top of every logged-in page. */
export function TopBar({
  userName,
  children,
}: {
  userName: string;
  children?: ReactNode;
}) {
  return (
    <header className="top-bar">
      <Link className="brand" href="/studies">
        ATRIUM
      </Link>
      {children}
      <span className="spacer" />
      <span className="user">{userName}</span>
      <Link href="/change-password">Change password</Link>
      <LogoutButton />
      <SessionKeeper />
    </header>
  );
}
