import { useState } from 'preact/hooks';

export interface NavigationLink {
  /** e.g. 高德地图 */
  label: string;
  href: string;
  /** A web page for when the app scheme opens nothing (the app is not installed). */
  fallbackHref?: string;
}

/**
 * 导航: hands the destination to a map app on the phone. Links, not fetches: the
 * app itself never contacts these services; the phone opens them when tapped.
 */
export function NavigateMenu({ links }: { links: NavigationLink[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="navigate">
      <button type="button" class="button button--primary" aria-expanded={open} aria-controls="navigate-links" onClick={() => setOpen(!open)}>
        导航
      </button>
      {open && (
        <ul id="navigate-links" class="navigate__links" aria-label="用以下地图导航">
          {links.map((link) => (
            <li key={link.label}>
              <a class="button" href={link.href} target="_blank" rel="noopener noreferrer">
                {link.label}
              </a>
              {link.fallbackHref && (
                <a class="navigate__web" href={link.fallbackHref} target="_blank" rel="noopener noreferrer">
                  {link.label}网页版
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
