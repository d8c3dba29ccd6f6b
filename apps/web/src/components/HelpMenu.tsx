import type { Role } from '@sohoa/contracts';
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { GUIDE_DOCS, guideSlugsForRoles } from '../lib/guide.ts';
import { menuIndexAfterKey } from '../lib/menu-keys.ts';
import { Link } from '../lib/use-router.tsx';

/**
 * "Trợ giúp" in the header: a menu button (WAI-ARIA pattern) listing the user guide's pages, the
 * ones for the user's roles first. Enter, Space or ↓ open it on the first item, ↑ on the last;
 * arrows, Home and End move; Escape closes it and gives focus back to the button; Tab leaves it.
 */
export function HelpMenu({ roles }: { roles: readonly Role[] }) {
  const { language, t } = useI18n();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const pendingFocus = useRef<number | null>(null);
  const id = useId();
  const mine = guideSlugsForRoles(roles);
  const docs = [
    ...GUIDE_DOCS.filter((d) => d.slug !== null && mine.includes(d.slug)),
    ...GUIDE_DOCS.filter((d) => d.slug === null || !mine.includes(d.slug)),
  ];

  const items = () =>
    Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);

  useEffect(() => {
    if (!open) {
      return;
    }
    if (pendingFocus.current !== null) {
      items()[pendingFocus.current]?.focus();
      pendingFocus.current = null;
    }
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) {
        setOpen(false);
      }
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const openAt = (index: number) => {
    pendingFocus.current = index;
    setOpen(true);
  };

  const onButtonKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      openAt(0);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openAt(docs.length - 1);
    }
  };

  const onMenuKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    const next = menuIndexAfterKey(event.key, current, all.length);
    if (next !== null) {
      event.preventDefault();
      all[next]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div className="help-menu">
      <button
        ref={button}
        type="button"
        className="button-header"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => (open ? setOpen(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {t('help.menu')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          className="help-menu-list"
          onKeyDown={onMenuKey}
        >
          {docs.map((doc) => (
            <li key={doc.file} role="none">
              <Link
                role="menuitem"
                tabIndex={-1}
                to={{ name: 'help', doc: doc.slug }}
                onClick={() => setOpen(false)}
              >
                {doc.title[language]}
                {doc.slug !== null && mine.includes(doc.slug) && (
                  <span className="help-menu-mine"> · {t('help.forYou')}</span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
