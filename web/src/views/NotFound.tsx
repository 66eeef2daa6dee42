import { Brand, Link, Page } from '../components/Layout.tsx';

export function NotFound() {
  return (
    <Page>
      <Brand />
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <Link className="text-indigo-300 underline" href="/">
        Go to the lobby
      </Link>
    </Page>
  );
}
