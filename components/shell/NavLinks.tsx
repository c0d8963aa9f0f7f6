"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "@/lib/auth/navigation";

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items, className, label }: { items: NavItem[]; className: string; label: string }) {
  const pathname = usePathname() ?? "/";
  // The most specific match wins, so /settings/tokens does not also light up /settings.
  const active = items
    .filter((i) => isActive(pathname, i.href))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav className={className} aria-label={label}>
      {items.map((item) => (
        <Link key={item.href} href={item.href} aria-current={item.href === active ? "page" : undefined}>
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
