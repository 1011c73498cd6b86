/**
 * The home page, whose first offer is the quick search, and the search page: GET form, results below it;
 * a wrong query re-renders with an error summary (422).
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { validate } from '../../http/validation.ts';
import { type FieldError, InvalidInputError, translateIssues } from '../../lib/errors.ts';
import { createResponseCache } from '../../platform/read-model/response-cache.ts';
import { renderPage } from '../../ui/layout.tsx';
import { catalogueFor, publicReader } from '../availability/availability.read-model.ts';
import { wardSummaries } from '../facility/catalogue.ts';
import { rawSearchParams, searchQuerySchema } from './search.schema.ts';
import { type SearchResult, searchFreeCells } from './search.service.ts';
import { HomePage } from './views/home-page.tsx';
import { SearchPage } from './views/search-page.tsx';

export function searchRoutes() {
  const app = new Hono<AppEnv>();
  const pages = createResponseCache();

  app.get('/', (c) =>
    pages.answer(c, async (used) => {
      const t = c.get('t');
      const lang = c.get('lang');
      const wards = wardSummaries(await catalogueFor(publicReader(c, used)));
      return renderPage(c, { title: t('home'), children: <HomePage t={t} lang={lang} wards={wards} /> });
    }),
  );

  app.get('/search', (c) =>
    pages.answer(c, async (used) => {
      const t = c.get('t');
      const lang = c.get('lang');
      const url = new URL(c.req.url);
      const raw = rawSearchParams(url);
      const catalogue = await catalogueFor(publicReader(c, used));
      const wards = wardSummaries(catalogue);
      const submitted = Object.keys(raw).length > 0;
      let errors: FieldError[] = [];
      let result: SearchResult | undefined;
      if (submitted) {
        const parsed = validate(searchQuerySchema, raw);
        if (!parsed.success) {
          errors = translateIssues(t, parsed.issues);
        } else {
          try {
            result = await searchFreeCells(publicReader(c, used), parsed.data);
          } catch (error) {
            if (!(error instanceof InvalidInputError)) throw error;
            errors = translateIssues(t, error.issues);
          }
        }
      }
      const values = {
        date: url.searchParams.get('date') ?? url.searchParams.get('from') ?? undefined,
        to: url.searchParams.get('to') ?? undefined,
        band: url.searchParams.get('band') ?? undefined,
        ward: url.searchParams.get('ward') ?? undefined,
        minCapacity: url.searchParams.get('minCapacity') ?? undefined,
        roomType: url.searchParams.get('roomType') ?? undefined,
        equipment: url.searchParams.getAll('equipment'),
      };
      return renderPage(
        c,
        {
          title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('searchHeading')}` : t('searchHeading'),
          description: t('metaSearch'),
          crumbs: [{ href: '/', label: t('home') }, { label: t('searchHeading') }],
          children: <SearchPage t={t} lang={lang} wards={wards} values={values} errors={errors} result={result} />,
        },
        errors.length > 0 ? 422 : 200,
      );
    }),
  );
  return app;
}
