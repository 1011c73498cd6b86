/**
 * Every example of every component (catalogue.tsx), rendered to HTML in Japanese and in English: labels
 * tied to their controls, hints and errors linked by aria-describedby, ids unique across the whole
 * catalogue (they share /dev/components), the required marker in the page's language; then what each
 * component promises of its own (checked and selected state, links of the error summary, ...).
 */
import { readdirSync } from 'node:fs';
import type { Child } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import { LANGS, type Lang, translator } from '../../lib/i18n.ts';
import { type CatalogueExample, catalogue } from './catalogue.tsx';
import { CsrfField } from './csrf-field.tsx';
import { PageTexts } from './page-texts.ts';
import { PersonFields } from './person-fields.tsx';

/** Renders as a page would: inside the page's translator. */
function render(node: Child, lang: Lang = 'ja'): string {
  return (<PageTexts.Provider value={translator(lang)}>{node}</PageTexts.Provider>).toString();
}

function renderExample(component: string, name: string, lang: Lang = 'ja'): string {
  const example = catalogue.find((e) => e.component === component)?.examples.find((e) => e.name === name);
  if (!example) throw new Error(`no example "${name}" of ${component}`);
  return render(example.render(translator(lang)), lang);
}

interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** The text up to the next tag, enough for labels, options and error messages. */
  text: string;
}

/** Our own rendered markup only: attributes always quoted, text escaped, so a regular walk suffices. */
function tags(html: string): Tag[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>([^<]*)/g)].map((m) => ({
    name: m[1] ?? '',
    attrs: Object.fromEntries([...(m[2] ?? '').matchAll(/([\w:-]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? ''])),
    text: m[3] ?? '',
  }));
}

const hasClass = (tag: Tag, name: string) => (tag.attrs.class ?? '').split(' ').includes(name);
const idsIn = (value: string | undefined) => (value ?? '').split(' ').filter(Boolean);
const byId = (html: string, id: string) => tags(html).find((t) => t.attrs.id === id);
const marks = (html: string) => tags(html).filter((t) => hasClass(t, 'field__required'));

const all: { component: string; example: CatalogueExample }[] = catalogue.flatMap((entry) =>
  entry.examples.map((example) => ({ component: entry.component, example })),
);

describe('the catalogue', () => {
  it('has every component file under src/ui/components, each with examples', async () => {
    const notComponents = ['catalogue.tsx', 'field-frame.tsx', 'components.test.tsx'];
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.tsx') && !notComponents.includes(f));
    const listed = new Set(catalogue.map((e) => e.component));
    for (const file of files) {
      const module: Record<string, unknown> = await import(/* @vite-ignore */ `./${file}`);
      const components = Object.keys(module).filter((k) => /^[A-Z]/.test(k) && typeof module[k] === 'function');
      expect(components.length, file).toBeGreaterThan(0);
      for (const name of components) expect(listed.has(name), `${name} (${file}) is in the catalogue`).toBe(true);
      expect(Array.isArray(module.examples) && module.examples.length > 0, `${file} exports examples`).toBe(true);
    }
  });

  it('names examples uniquely within a component, and their ids do not repeat across the catalogue', () => {
    for (const entry of catalogue) expect(new Set(entry.examples.map((e) => e.name)).size, entry.component).toBe(entry.examples.length);
    const ids = all.flatMap(({ example }) =>
      tags(render(example.render(translator('ja')))).flatMap((t) => (t.attrs.id ? [t.attrs.id] : [])),
    );
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});

describe.each(LANGS)('every example, in %s', (lang) => {
  const t = translator(lang);
  it.each(all.map(({ component, example }) => [`${component}: ${example.name}`, example] as const))('%s', (_, example) => {
    const html = render(example.render(t), lang);
    const found = tags(html);
    const ids = new Set(found.flatMap((tag) => (tag.attrs.id ? [tag.attrs.id] : [])));

    // Every label names a control that exists; every visible control has such a label.
    const controls = found.filter((tag) => ['input', 'select', 'textarea'].includes(tag.name) && tag.attrs.type !== 'hidden');
    for (const label of found.filter((tag) => tag.name === 'label')) {
      const target = label.attrs.for ? byId(html, label.attrs.for) : undefined;
      expect(target && ['input', 'select', 'textarea'].includes(target.name), `label for="${label.attrs.for}"`).toBe(true);
    }
    const labelled = new Set(found.filter((tag) => tag.name === 'label').map((tag) => tag.attrs.for));
    for (const control of controls) expect(labelled.has(control.attrs.id), `a label for #${control.attrs.id}`).toBe(true);

    // aria references point at elements of the example; hints and errors with an id are referenced.
    const referenced = new Set(found.flatMap((tag) => [...idsIn(tag.attrs['aria-describedby']), ...idsIn(tag.attrs['aria-labelledby'])]));
    for (const id of referenced) expect(ids.has(id), `#${id} exists`).toBe(true);
    for (const error of found.filter((tag) => hasClass(tag, 'field__error'))) {
      expect(error.attrs.id && referenced.has(error.attrs.id), `error "${error.text}" is linked by aria-describedby`).toBe(true);
    }
    for (const hint of found.filter((tag) => hasClass(tag, 'field__hint') && tag.attrs.id)) {
      expect(referenced.has(hint.attrs.id ?? ''), `hint #${hint.attrs.id} is linked`).toBe(true);
    }
    // A control with an error says so.
    for (const control of found.filter((tag) => tag.name === 'input' || tag.name === 'select')) {
      const error = idsIn(control.attrs['aria-describedby']).find((id) => id.endsWith('-error'));
      if (error) expect(control.attrs['aria-invalid'], `#${control.attrs.id} is invalid`).toBe('true');
    }

    // The required marker is in the page's language, never the other one.
    for (const mark of marks(html)) expect(mark.text).toBe(t('required'));
    if ('required' in example.props && example.props.required) expect(marks(html)).toHaveLength(1);
  });
});

describe('TextInput', () => {
  it('ties label, hint and error to the input, keeps the value and type, and marks it required', () => {
    const html = renderExample('TextInput', 'with a hint and an error');
    const input = byId(html, 'text-input-phone');
    expect(input?.name).toBe('input');
    expect(input?.attrs).toMatchObject({
      type: 'tel',
      name: 'phone',
      value: '093-abc',
      inputmode: 'tel',
      required: '',
      'aria-describedby': 'text-input-phone-hint text-input-phone-error',
      'aria-invalid': 'true',
    });
    expect(tags(html).find((t) => t.name === 'label')?.attrs.for).toBe('text-input-phone');
    expect(byId(html, 'text-input-phone-error')?.text).toBe('電話番号は数字とハイフンで入力してください。');
    expect(tags(html).find((t) => hasClass(t, 'field'))?.attrs.class).toBe('field field--error');
  });

  it('without hint or error, describes nothing and is neither invalid nor required', () => {
    const input = byId(renderExample('TextInput', 'default'), 'text-input-name');
    expect(input?.attrs).toMatchObject({ type: 'text', value: '', class: 'input input--m' });
    expect(input?.attrs).not.toHaveProperty('aria-describedby');
    expect(input?.attrs).not.toHaveProperty('aria-invalid');
    expect(input?.attrs).not.toHaveProperty('required');
    expect(byId(renderExample('TextInput', 'date, narrow'), 'text-input-date')?.attrs).toMatchObject({
      type: 'date',
      class: 'input input--s',
    });
  });

  it('says 必須 on a Japanese page and "required" on an English one', () => {
    expect(marks(renderExample('TextInput', 'required, email, wide', 'ja')).map((m) => m.text)).toEqual(['必須']);
    expect(marks(renderExample('TextInput', 'required, email, wide', 'en')).map((m) => m.text)).toEqual(['required']);
  });
});

describe('Select', () => {
  const selected = (html: string) => tags(html).filter((t) => t.name === 'option' && 'selected' in t.attrs);

  it('selects the option of the value, else the empty one', () => {
    expect(selected(renderExample('Select', 'with a value')).map((o) => o.attrs.value)).toEqual(['japanese']);
    expect(selected(renderExample('Select', 'default')).map((o) => o.attrs.value)).toEqual(['']);
  });

  it('links hint and error, and marks the label required', () => {
    const html = renderExample('Select', 'required, with a hint and an error', 'en');
    expect(byId(html, 'select-purpose')?.attrs).toMatchObject({
      'aria-describedby': 'select-purpose-hint select-purpose-error',
      'aria-invalid': 'true',
    });
    expect(marks(html).map((m) => m.text)).toEqual(['required']);
  });
});

describe('Checkboxes', () => {
  it('checks the given values, each box with its own label', () => {
    const boxes = tags(renderExample('Checkboxes', 'some checked')).filter((t) => t.name === 'input');
    expect(boxes.map((b) => [b.attrs.id, 'checked' in b.attrs])).toEqual([
      ['equipmentChosen-projector', true],
      ['equipmentChosen-piano', false],
      ['equipmentChosen-kitchen', true],
    ]);
    expect(boxes.every((b) => b.attrs.type === 'checkbox' && b.attrs.name === 'equipmentChosen')).toBe(true);
  });

  it('gives the fieldset the name as id and links its error', () => {
    const html = renderExample('Checkboxes', 'with an error');
    expect(byId(html, 'consent')?.attrs).toMatchObject({ 'aria-describedby': 'consent-error', class: 'fieldset field--error' });
    expect(byId(html, 'consent-error')?.text).toBe('利用規則への同意が必要です。');
    expect(byId(renderExample('Checkboxes', 'default'), 'equipment')?.attrs).not.toHaveProperty('aria-describedby');
  });
});

describe('Radios', () => {
  it('checks the chosen option only, option hints inside their labels', () => {
    const html = renderExample('Radios', 'options with hints, one chosen');
    const radios = tags(html).filter((t) => t.name === 'input');
    expect(radios.filter((r) => 'checked' in r.attrs).map((r) => r.attrs.id)).toEqual(['radios-channel-line']);
    expect(radios.every((r) => r.attrs.type === 'radio' && r.attrs.name === 'channel')).toBe(true);
    expect(html).toContain('<label for="radios-channel-line">LINE<span class="field__hint"> 友だち追加が必要です</span></label>');
  });

  it('links hint and error to the fieldset and marks the legend required, in the page language', () => {
    const html = renderExample('Radios', 'required, with a hint and an error', 'en');
    expect(byId(html, 'radios-category')?.attrs).toMatchObject({ 'aria-describedby': 'radios-category-hint radios-category-error' });
    expect(html).toMatch(/<legend class="field__label">利用区分<span class="field__required">required<\/span><\/legend>/);
    expect(marks(renderExample('Radios', 'required, with a hint and an error', 'ja')).map((m) => m.text)).toEqual(['必須']);
  });
});

describe('ErrorSummary', () => {
  it('is an alert titled by its heading, linking each error to its field', () => {
    const html = renderExample('ErrorSummary', 'two errors');
    const box = tags(html)[0];
    expect(box?.attrs).toMatchObject({ role: 'alert', 'aria-labelledby': 'error-summary-title', tabindex: '-1' });
    expect(
      tags(html)
        .filter((t) => t.name === 'a')
        .map((a) => [a.attrs.href, a.text]),
    ).toEqual([
      ['#text-input-phone', '電話番号は数字とハイフンで入力してください。'],
      ['#select-purpose', '利用目的を選んでください。'],
    ]);
  });

  it('renders nothing without errors', () => {
    expect(renderExample('ErrorSummary', 'no errors')).toBe('');
  });
});

describe('small pieces', () => {
  it('Notice is a status message, success unless told', () => {
    expect(renderExample('Notice', 'success')).toBe('<div class="notice notice--success" role="status">予約を受け付けました。</div>');
    expect(tags(renderExample('Notice', 'warn'))[0]?.attrs.class).toBe('notice notice--warn');
  });

  it('Badge is info unless told', () => {
    expect(renderExample('Badge', 'info')).toBe('<span class="badge badge--info">承認済み</span>');
    expect(renderExample('Badge', 'warn')).toBe('<span class="badge badge--warn">要確認</span>');
  });

  it('CsrfField is a hidden field with the token, nothing without one', () => {
    expect(renderExample('CsrfField', 'with a token')).toBe('<input type="hidden" name="_csrf" value="example-token"/>');
    expect(renderExample('CsrfField', 'without a token')).toBe('');
    expect(render(<CsrfField token={'a"b'} />)).not.toContain('a"b');
  });

  it('RequiredMark says the page language; outside a page, Japanese', () => {
    expect(renderExample('RequiredMark', 'default', 'en')).toBe('<span class="field__required">required</span>');
    expect(renderExample('RequiredMark', 'default', 'ja')).toBe('<span class="field__required">必須</span>');
    const bare = catalogue.find((e) => e.component === 'RequiredMark')?.examples[0]?.render(translator('en'));
    expect(String(bare)).toBe('<span class="field__required">必須</span>');
  });
});

describe('household pieces', () => {
  it('AddressFields: the ward selected, the address linked to its error, both required', () => {
    for (const lang of LANGS) {
      const html = renderExample('AddressFields', 'a ward chosen, the address missing', lang);
      expect(
        tags(html)
          .filter((t) => t.name === 'option' && 'selected' in t.attrs)
          .map((o) => o.attrs.value),
      ).toEqual(['tobata']);
      expect(byId(html, 'addressLine')?.attrs['aria-describedby']).toBe('addressLine-hint addressLine-error');
      expect(byId(html, 'postcode')?.attrs.value).toBe('804-0001');
      expect(marks(html).map((m) => m.text)).toEqual([translator(lang)('required'), translator(lang)('required')]);
    }
    expect(renderExample('AddressFields', 'a ward chosen, the address missing', 'en')).toContain(translator('en')('householdWard'));
  });

  it('PersonFields: the user number only at the counter', () => {
    const html = renderExample('PersonFields', 'at the counter, with the user number and an error');
    expect(byId(html, 'userNumber')?.attrs.value).toBe('10000002');
    expect(byId(html, 'nameKana')?.attrs['aria-invalid']).toBe('true');
    const online = render(<PersonFields t={translator('ja')} values={{}} errors={[]} withNumber={false} />);
    expect(byId(online, 'userNumber')).toBeUndefined();
    expect(byId(online, 'name')?.attrs).toHaveProperty('required');
  });

  it('MoveOutForm posts to its action', () => {
    const form = tags(renderExample('MoveOutForm', 'with an error'))[0];
    expect(form?.attrs).toMatchObject({ method: 'post', action: '#move-out', novalidate: '' });
  });

  it('HouseholdSummary: the status, and the paper-only notice only when so', () => {
    const t = translator('ja');
    const active = renderExample('HouseholdSummary', 'active');
    expect(active).toContain(t('householdActive'));
    expect(active).toContain('〒804-0001 戸畑区 戸畑区中本町1-1');
    expect(active).not.toContain('role="status"');
    const moved = renderExample('HouseholdSummary', 'moved out, reached on paper, no association');
    expect(moved).toContain(t('householdMovedOut', { date: '2026-03-31' }));
    expect(moved).toContain(t('householdNotSet'));
    expect(moved).toContain(t('householdPaperOnly'));
  });
});
