/**
 * /dev/components: every UI component with each of its examples (src/ui/components/catalogue.tsx), on one
 * page through the ordinary layout, in the visitor's language, so the e2e suite can run axe over all of
 * them (e2e/components.e2e.ts). It shows no data, but it is a developer's page, so it exists only when
 * DEV_COMPONENTS=1 is set (see app.tsx); `npm run dev` and the e2e harness set it.
 */
import { Hono } from 'hono';
import { catalogue } from '../ui/components/catalogue.tsx';
import { renderPage } from '../ui/layout.tsx';
import type { AppEnv } from './env.ts';

export function devComponentsRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/dev/components', (c) => {
    const t = c.get('t');
    return renderPage(c, {
      title: t('componentsTitle'),
      children: (
        <>
          <h1>{t('componentsTitle')}</h1>
          <p>{t('componentsLead')}</p>
          {catalogue.map((entry) => (
            <section class="component-examples">
              {/* Component and example names are the code's own, in English on either page. */}
              <h2 lang="en">{entry.component}</h2>
              {entry.examples.map((example) => (
                <div class="component-example">
                  <h3 lang="en">{example.name}</h3>
                  {example.render(t)}
                </div>
              ))}
            </section>
          ))}
        </>
      ),
    });
  });
  return app;
}
