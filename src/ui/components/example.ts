/**
 * A component's example: a name and the props it renders with, like govuk-frontend's fixtures. Every
 * component file exports its `examples`; the render test (components.test.tsx) checks each, and the
 * development page /dev/components shows them all on one page for axe (e2e/components.e2e.ts). Ids must
 * differ across all examples, since they share that page.
 */
export interface Example<P> {
  name: string;
  props: P;
}
