import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { formatRoute, parseRoute, type Route } from './router.ts';

interface Router {
  route: Route;
  /** `replace` for changes that should not make a Back step (selecting a page, a panel). */
  navigate: (route: Route, options?: { replace?: boolean }) => void;
}

const RouterContext = createContext<Router | null>(null);

const current = () =>
  parseRoute({ pathname: window.location.pathname, search: window.location.search });

/** History-API routing: the URL says which screen is shown, so reload and Back/Forward work. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const onPop = () => setRoute(current());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: Route, options: { replace?: boolean } = {}) => {
    const url = formatRoute(next);
    if (url !== `${window.location.pathname}${window.location.search}`) {
      if (options.replace) {
        window.history.replaceState(null, '', url);
      } else {
        window.history.pushState(null, '', url);
      }
    }
    setRoute(next);
  }, []);
  const value = useMemo(() => ({ route, navigate }), [route, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): Router {
  const value = useContext(RouterContext);
  if (!value) {
    throw new Error('useRouter must be used inside <RouterProvider>');
  }
  return value;
}

/** A real link (middle-click and "open in new tab" work) that navigates in place on a plain click. */
export function Link({
  to,
  replace,
  children,
  ...rest
}: { to: Route; replace?: boolean; children: ReactNode } & Omit<
  AnchorHTMLAttributes<HTMLAnchorElement>,
  'href'
>) {
  const { navigate } = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    navigate(to, { replace: replace ?? false });
  };
  return (
    <a {...rest} href={formatRoute(to)} onClick={onClick}>
      {children}
    </a>
  );
}
