/**
 * Every component with its examples, in one list: the render test walks it, and /dev/components renders
 * it for axe. A component that takes the page's translator (`t`) gets it here, so its examples need not
 * carry one and show in the page's language.
 */
import type { Child } from 'hono/jsx';
import type { Translate } from '../../lib/i18n.ts';
import * as addressFields from './address-fields.tsx';
import * as badge from './badge.tsx';
import * as checkboxes from './checkboxes.tsx';
import * as csrfField from './csrf-field.tsx';
import * as errorSummary from './error-summary.tsx';
import type { Example } from './example.ts';
import * as fileInput from './file-input.tsx';
import * as householdSummary from './household-summary.tsx';
import * as moveOutForm from './move-out-form.tsx';
import * as notice from './notice.tsx';
import * as personFields from './person-fields.tsx';
import * as radios from './radios.tsx';
import * as requiredMark from './required-mark.tsx';
import * as select from './select.tsx';
import * as textInput from './text-input.tsx';

export interface CatalogueExample {
  name: string;
  /** The props as given, for tests that check what the example asked for (e.g. required). */
  props: object;
  render(t: Translate): Child;
}

export interface CatalogueEntry {
  /** The component's export name, which is also its heading on /dev/components. */
  component: string;
  examples: CatalogueExample[];
}

type Component<P> = (props: P) => Child;

function entry<P extends object>(component: string, Component: Component<P>, examples: Example<P>[]): CatalogueEntry {
  return { component, examples: examples.map((e) => ({ name: e.name, props: e.props, render: () => <Component {...e.props} /> })) };
}

function translated<P extends { t: Translate }>(
  component: string,
  Component: Component<P>,
  examples: Example<Omit<P, 't'>>[],
): CatalogueEntry {
  return {
    component,
    examples: examples.map((e) => ({ name: e.name, props: e.props, render: (t) => <Component {...({ ...e.props, t } as P)} /> })),
  };
}

export const catalogue: readonly CatalogueEntry[] = [
  entry('TextInput', textInput.TextInput, textInput.examples),
  entry('Select', select.Select, select.examples),
  entry('FileInput', fileInput.FileInput, fileInput.examples),
  entry('Checkboxes', checkboxes.Checkboxes, checkboxes.examples),
  entry('Radios', radios.Radios, radios.examples),
  entry('RequiredMark', requiredMark.RequiredMark, requiredMark.examples),
  entry('ErrorSummary', errorSummary.ErrorSummary, errorSummary.examples),
  entry('Notice', notice.Notice, notice.examples),
  entry('Badge', badge.Badge, badge.examples),
  entry('CsrfField', csrfField.CsrfField, csrfField.examples),
  translated('AddressFields', addressFields.AddressFields, addressFields.examples),
  translated('PersonFields', personFields.PersonFields, personFields.examples),
  translated('MoveOutForm', moveOutForm.MoveOutForm, moveOutForm.examples),
  translated('HouseholdSummary', householdSummary.HouseholdSummary, householdSummary.examples),
];
