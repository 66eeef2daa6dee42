import { Brand, Link, Page } from '../components/Layout.tsx';
import { useT } from '../i18n/index.ts';

export function NotFound() {
  const t = useT();
  return (
    <Page>
      <Brand />
      <h1 className="text-2xl font-semibold">{t('notFound.title')}</h1>
      <Link className="text-indigo-300 underline" href="/">
        {t('notFound.back')}
      </Link>
    </Page>
  );
}
